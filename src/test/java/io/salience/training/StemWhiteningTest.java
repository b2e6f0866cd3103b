package io.salience.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.salience.data.ImageSplit;
import io.salience.data.Normalization;
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
