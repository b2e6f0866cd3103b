package io.salience.explain.cam;

import io.salience.data.Normalization;

/**
 * Settings of the methods that need them; the others ignore them.
 *
 * @param steps Integrated Gradients' number of points on the path from the baseline to the image
 * @param baseline Integrated Gradients' starting image
 * @param batchSize most images per forward or backward pass (Score-CAM's masked images,
 *     Ablation-CAM's ablated activations, Integrated Gradients' path points, gradient batches)
 * @param normalization how the model's inputs were normalized: the zero baseline is the black
 *     image, whose normalized value this gives
 */
public record CamOptions(int steps, Baseline baseline, int batchSize, Normalization normalization) {

    public static final int DEFAULT_STEPS = 32;
    public static final int MAX_STEPS = 256;

    /** Where Integrated Gradients' path starts. */
    public enum Baseline {
        /**
         * The black image (every pixel 0 before normalization), as in Sundararajan et al. Not the
         * all-zero normalized input: layer norm makes the model blind to the input's scale, so its
         * score jumps at exactly zero and no path integral from there can add up.
         */
        ZERO,
        /** The image blurred by a Gaussian (sigma 4 pixels): its colours without its shapes. */
        BLUR
    }

    public CamOptions {
        if (steps < 2 || steps > MAX_STEPS) {
            throw new IllegalArgumentException("steps must be within 2.." + MAX_STEPS + ", not " + steps);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive, not " + batchSize);
        }
    }

    /** Defaults for inputs normalized with CIFAR-10's statistics. */
    public static CamOptions defaults(int batchSize) {
        return new CamOptions(DEFAULT_STEPS, Baseline.ZERO, batchSize, Normalization.CIFAR10);
    }

    /** The black image, normalized: {@code 3 * 32 * 32} floats (CHW). */
    public float[] blackImage() {
        int plane = 32 * 32;
        float[] black = new float[3 * plane];
        for (int c = 0; c < 3; c++) {
            java.util.Arrays.fill(black, c * plane, (c + 1) * plane, -normalization.mean()[c] / normalization.std()[c]);
        }
        return black;
    }
}
