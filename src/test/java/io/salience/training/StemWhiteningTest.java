package io.salience.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import io.salience.TestEngine;
import io.salience.data.ImageSplit;
import io.salience.data.Normalization;
import io.salience.model.CifarResNet;
import io.salience.model.ModelFactory;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StemWhiteningTest {

    /** Images with structure: smooth colour gradients, correlated channels and a little noise. */
    private static ImageSplit images(int count) {
        SplittableRandom random = new SplittableRandom(11);
        byte[] pixels = new byte[count * ImageSplit.IMAGE_BYTES];
        for (int i = 0; i < count; i++) {
            double gx = random.nextDouble(-3, 3);
            double gy = random.nextDouble(-3, 3);
            double base = random.nextDouble(60, 190);
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 32; y++) {
                    for (int x = 0; x < 32; x++) {
                        double v = base + gx * x + gy * y + 10 * c + random.nextGaussian() * 8;
                        pixels[i * ImageSplit.IMAGE_BYTES + c * ImageSplit.PLANE + y * 32 + x] =
                                (byte) Math.max(0, Math.min(255, Math.round(v)));
                    }
                }
            }
        }
        return new ImageSplit("train", pixels, new byte[count]);
    }

    @Test
    void theFirstFiltersWhitenThePatchesAndTheirNegationsFollow() {
        ImageSplit train = images(40);
        Normalization normalization = Normalization.CIFAR10;
        int filters = 64;
        float[] random = new float[filters * StemWhitening.PATCH];
        for (int i = 0; i < random.length; i++) {
            random[i] = 0.01f * ((i % 13) - 6);
        }
        float[] w = StemWhitening.apply(random, train, normalization);
        double[][] c = StemWhitening.patchCovariance(train, normalization);
        double[][] vectors = new double[27][27];
        double[] values = SymmetricEigen.decompose(c, vectors);

        // Filter responses to the patches have covariance W C W^T = diag(lambda / (lambda + eps)).
        for (int a = 0; a < 27; a++) {
            for (int b = 0; b < 27; b++) {
                double s = 0;
                for (int i = 0; i < 27; i++) {
                    for (int j = 0; j < 27; j++) {
                        s += w[a * 27 + i] * c[i][j] * w[b * 27 + j];
                    }
                }
                double expected = a == b ? values[a] / (values[a] + StemWhitening.EPSILON) : 0;
                assertThat(s).as("(%d, %d)", a, b).isCloseTo(expected, within(1e-3));
            }
        }
        // The strongest directions pass at about unit variance: the structure is there to whiten.
        assertThat(values[0] / (values[0] + StemWhitening.EPSILON)).isGreaterThan(0.99);
        for (int k = 0; k < 27; k++) {
            for (int j = 0; j < 27; j++) {
                assertThat(w[(27 + k) * 27 + j]).isEqualTo(-w[k * 27 + j]);
            }
        }
        // Filters past the 54 whitening ones keep their random start.
        for (int i = 54 * 27; i < w.length; i++) {
            assertThat(w[i]).isEqualTo(random[i]);
        }
    }

    /**
     * The weights land in the model's stem in the layout its convolution reads: a whitened filter
     * applied by the stem to an image gives the filter's dot product with the normalized patch.
     */
    @Test
    void theModelsStemAppliesTheFiltersToThePatchesAsComputedHere() {
        ImageSplit train = images(20);
        Normalization normalization = Normalization.CIFAR10;
        try (NDManager manager = TestEngine.runtime().newManager()) {
            CifarResNet model = ModelFactory.create(manager, 10, 1);
            NDArray stem = model.stemWeight();
            float[] w = StemWhitening.apply(stem.toFloatArray(), train, normalization);
            stem.set(w);
            float[] image = new float[ImageSplit.IMAGE_BYTES];
            for (int p = 0; p < image.length; p++) {
                int c = p / ImageSplit.PLANE;
                image[p] = (Byte.toUnsignedInt(train.pixels()[p]) / 255f - normalization.mean()[c])
                        / normalization.std()[c];
            }
            NDArray input = manager.create(image, new Shape(1, 3, 32, 32));
            NDArray out = Conv2d.conv2d(input, model.stemWeight(), null, new Shape(1, 1), new Shape(1, 1))
                    .singletonOrThrow();
            float[] response = out.toFloatArray();
            int y = 10;
            int x = 7; // the output pixel centred on the patch whose top-left is (9, 6)
            for (int k : new int[] {0, 5, 26, 30}) {
                double dot = 0;
                for (int c = 0; c < 3; c++) {
                    for (int ky = 0; ky < 3; ky++) {
                        for (int kx = 0; kx < 3; kx++) {
                            dot += w[k * 27 + c * 9 + ky * 3 + kx] * image[c * 1024 + (y - 1 + ky) * 32 + (x - 1 + kx)];
                        }
                    }
                }
                assertThat((double) response[k * 1024 + y * 32 + x]).as("filter %d", k)
                        .isCloseTo(dot, within(1e-3 * (1 + Math.abs(dot))));
            }
        }
    }

    @Test
    void theCovarianceIsOfNormalizedPatchesAndSymmetric() {
        ImageSplit train = images(5);
        double[][] c = StemWhitening.patchCovariance(train, Normalization.CIFAR10);
        for (int a = 0; a < 27; a++) {
            assertThat(c[a][a]).isPositive();
            for (int b = 0; b < 27; b++) {
                assertThat(c[a][b]).isEqualTo(c[b][a]);
            }
        }
        // Neighbouring pixels of smooth images are strongly correlated.
        assertThat(c[0][1] / Math.sqrt(c[0][0] * c[1][1])).isGreaterThan(0.5);
    }
}
