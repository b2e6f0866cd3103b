package io.salience.data;

import java.util.Arrays;

/**
 * Per-channel (R, G, B) mean and standard deviation in [0, 1] units; a model input is
 * {@code (v/255 - mean[c]) / std[c]}. The arrays are copied, so instances are immutable.
 */
public record Normalization(float[] mean, float[] std) {

    /** The usual CIFAR-10 training-set statistics, as used by most reference code. */
    public static final Normalization CIFAR10 =
            new Normalization(new float[] {0.4914f, 0.4822f, 0.4465f}, new float[] {0.2470f, 0.2435f, 0.2616f});

    public Normalization {
        if (mean.length != ImageSplit.CHANNELS || std.length != ImageSplit.CHANNELS) {
            throw new IllegalArgumentException("mean and std need 3 values (R, G, B)");
        }
        for (float s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("std values must be > 0: " + Arrays.toString(std));
            }
        }
        mean = mean.clone();
        std = std.clone();
    }

    @Override
    public float[] mean() {
        return mean.clone();
    }

    @Override
    public float[] std() {
        return std.clone();
    }

    /** The mean of channel {@code c} in pixel units (0..255): the value that normalizes to 0. */
    public float meanPixel(int c) {
        return mean[c] * 255f;
    }

    /** The std of channel {@code c} in pixel units (0..255). */
    public float stdPixel(int c) {
        return std[c] * 255f;
    }

    /** Mean and (population) std of each channel over every pixel of {@code split}. */
    public static Normalization of(ImageSplit split) {
        if (split.size() == 0) {
            throw new IllegalArgumentException("cannot compute normalization of an empty " + split.name() + " set");
        }
        long[] sum = new long[ImageSplit.CHANNELS];
        long[] sumOfSquares = new long[ImageSplit.CHANNELS];
        byte[] pixels = split.pixels();
        int end = split.size() * ImageSplit.IMAGE_BYTES;
        for (int image = 0; image < end; image += ImageSplit.IMAGE_BYTES) {
            for (int c = 0; c < ImageSplit.CHANNELS; c++) {
                int plane = image + c * ImageSplit.PLANE;
                for (int p = plane; p < plane + ImageSplit.PLANE; p++) {
                    long v = Byte.toUnsignedInt(pixels[p]);
                    sum[c] += v;
                    sumOfSquares[c] += v * v;
                }
            }
        }
        double count = (double) split.size() * ImageSplit.PLANE;
        float[] mean = new float[ImageSplit.CHANNELS];
        float[] std = new float[ImageSplit.CHANNELS];
        for (int c = 0; c < ImageSplit.CHANNELS; c++) {
            double m = sum[c] / count;
            double variance = Math.max(0, sumOfSquares[c] / count - m * m);
            mean[c] = (float) (m / 255);
            // A constant channel would divide by zero; 1/255 keeps it finite.
            std[c] = (float) Math.max(Math.sqrt(variance), 1) / 255f;
        }
        return new Normalization(mean, std);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Normalization other && Arrays.equals(mean, other.mean) && Arrays.equals(std, other.std);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
    }

    @Override
    public String toString() {
        return "Normalization[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
    }
}
