package io.salience.explain.cam;

/** A separable Gaussian blur of planar images, borders clamped. */
public final class Blur {

    private Blur() {}

    public static float[] gaussian(float[] planes, int channels, int side, double sigma) {
        int radius = (int) Math.ceil(3 * sigma);
        double[] kernel = new double[2 * radius + 1];
        double sum = 0;
        for (int d = -radius; d <= radius; d++) {
            kernel[d + radius] = Math.exp(-d * d / (2 * sigma * sigma));
            sum += kernel[d + radius];
        }
        for (int i = 0; i < kernel.length; i++) {
            kernel[i] /= sum;
        }
        float[] rows = new float[planes.length];
        float[] out = new float[planes.length];
        int area = side * side;
        for (int c = 0; c < channels; c++) {
            int base = c * area;
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    double v = 0;
                    for (int d = -radius; d <= radius; d++) {
                        v += kernel[d + radius] * planes[base + y * side + clamp(x + d, side)];
                    }
                    rows[base + y * side + x] = (float) v;
                }
            }
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    double v = 0;
                    for (int d = -radius; d <= radius; d++) {
                        v += kernel[d + radius] * rows[base + clamp(y + d, side) * side + x];
                    }
                    out[base + y * side + x] = (float) v;
                }
            }
        }
        return out;
    }

    private static int clamp(int i, int side) {
        return Math.max(0, Math.min(side - 1, i));
    }
}
