package io.salience.training;

import io.salience.data.ImageSplit;
import io.salience.data.Normalization;
import io.salience.data.augment.EvalTransform;

/**
 * Data-dependent start for the stem convolution: its first filters become the whitening
 * transform of the training images' 3x3 patches (the eigenvectors of the patches' covariance,
 * each scaled by 1/sqrt(eigenvalue + eps)), once as they are and once negated so that the ReLU
 * after the stem's norm keeps both signs; the remaining filters keep their random start. The
 * first layer then passes every direction of the input on at unit variance from step 1 instead
 * of a random mixture dominated by brightness (cf. the whitened first layer of fast CIFAR-10
 * training recipes). Only the start changes: the filters train as any other weight.
 */
public final class StemWhitening {

    /** Values per patch: 3 channels x 3 x 3, in the convolution weight's (in, kh, kw) order. */
    static final int PATCH = ImageSplit.CHANNELS * 9;
    /** Added to each eigenvalue, in normalized-pixel units squared: tames directions of pure noise. */
    static final double EPSILON = 1e-3;
    /** The covariance settles long before: 5,000 images are 4.5 million patches. */
    public static final int MAX_IMAGES = 5000;

    private StemWhitening() {}

    /**
     * The stem weights (filters x 27, row-major) with the whitening filters in front.
     *
     * @param current the random start, {@code filters * 27} values; filters beyond 2 x 27 keep theirs
     */
    public static float[] apply(float[] current, ImageSplit train, Normalization normalization) {
        int filters = current.length / PATCH;
        double[][] covariance = patchCovariance(train, normalization);
        double[][] vectors = new double[PATCH][PATCH];
        double[] values = SymmetricEigen.decompose(covariance, vectors);
        float[] weights = current.clone();
        int pairs = Math.min(PATCH, filters / 2);
        for (int k = 0; k < pairs; k++) {
            double scale = 1 / Math.sqrt(Math.max(values[k], 0) + EPSILON);
            for (int j = 0; j < PATCH; j++) {
                float w = (float) (vectors[j][k] * scale);
                weights[k * PATCH + j] = w;
                weights[(pairs + k) * PATCH + j] = -w;
            }
        }
        return weights;
    }

    /** The covariance of the normalized 3x3 patches inside the first {@link #MAX_IMAGES} images. */
    static double[][] patchCovariance(ImageSplit train, Normalization normalization) {
        int images = Math.min(train.size(), MAX_IMAGES);
        if (images == 0) {
            throw new IllegalArgumentException("whitening the stem needs training images");
        }
        int side = ImageSplit.SIDE;
        // Normalized exactly as the model sees a test image.
        EvalTransform normalize = new EvalTransform(normalization);
        byte[] pixels = train.pixels();
        double[] sum = new double[PATCH];
        double[][] products = new double[PATCH][PATCH];
        double[] patch = new double[PATCH];
        float[] image = new float[ImageSplit.IMAGE_BYTES];
        long count = 0;
        for (int i = 0; i < images; i++) {
            normalize.apply(pixels, i * ImageSplit.IMAGE_BYTES, image, 0, null);
            for (int y = 0; y + 3 <= side; y++) {
                for (int x = 0; x + 3 <= side; x++) {
                    int j = 0;
                    for (int c = 0; c < ImageSplit.CHANNELS; c++) {
                        for (int ky = 0; ky < 3; ky++) {
                            int row = c * ImageSplit.PLANE + (y + ky) * side + x;
                            for (int kx = 0; kx < 3; kx++) {
                                patch[j++] = image[row + kx];
                            }
                        }
                    }
                    for (int a = 0; a < PATCH; a++) {
                        double va = patch[a];
                        sum[a] += va;
                        double[] rowA = products[a];
                        for (int b = 0; b <= a; b++) {
                            rowA[b] += va * patch[b];
                        }
                    }
                    count++;
                }
            }
        }
        double[][] covariance = new double[PATCH][PATCH];
        for (int a = 0; a < PATCH; a++) {
            for (int b = 0; b <= a; b++) {
                double v = products[a][b] / count - (sum[a] / count) * (sum[b] / count);
                covariance[a][b] = v;
                covariance[b][a] = v;
            }
        }
        return covariance;
    }
}
