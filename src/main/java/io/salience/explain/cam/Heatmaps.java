package io.salience.explain.cam;

import java.awt.image.BufferedImage;

/** Upsampling, scaling and colouring of class-activation maps, and their overlay on an image. */
public final class Heatmaps {

    private Heatmaps() {}

    /**
     * Bilinear resize with half-pixel centres (OpenCV's {@code INTER_LINEAR}, PyTorch's
     * {@code align_corners=False}), borders clamped.
     */
    public static float[] upsample(float[] map, int width, int height, int outWidth, int outHeight) {
        float[] out = new float[outWidth * outHeight];
        double sx = (double) width / outWidth;
        double sy = (double) height / outHeight;
        for (int y = 0; y < outHeight; y++) {
            double fy = Math.max(0, Math.min(height - 1, (y + 0.5) * sy - 0.5));
            int y0 = (int) Math.floor(fy);
            int y1 = Math.min(y0 + 1, height - 1);
            double wy = fy - y0;
            for (int x = 0; x < outWidth; x++) {
                double fx = Math.max(0, Math.min(width - 1, (x + 0.5) * sx - 0.5));
                int x0 = (int) Math.floor(fx);
                int x1 = Math.min(x0 + 1, width - 1);
                double wx = fx - x0;
                double top = map[y0 * width + x0] * (1 - wx) + map[y0 * width + x1] * wx;
                double bottom = map[y1 * width + x0] * (1 - wx) + map[y1 * width + x1] * wx;
                out[y * outWidth + x] = (float) (top * (1 - wy) + bottom * wy);
            }
        }
        return out;
    }

    /** Divides by the maximum so the map spans [0, 1]; an all-zero map stays zero, never NaN. */
    public static float[] scaleByMax(float[] map) {
        float max = 0;
        for (float v : map) {
            max = Math.max(max, v);
        }
        float[] out = new float[map.length];
        if (max > 0) {
            for (int i = 0; i < map.length; i++) {
                out[i] = map[i] / max;
            }
        }
        return out;
    }

    /** The jet colormap (dark blue, cyan, yellow, dark red) for a value in [0, 1], as RGB. */
    public static int jet(float value) {
        float v = Math.max(0f, Math.min(1f, value));
        int r = channel(1.5f - Math.abs(4 * v - 3));
        int g = channel(1.5f - Math.abs(4 * v - 2));
        int b = channel(1.5f - Math.abs(4 * v - 1));
        return (r << 16) | (g << 8) | b;
    }

    private static int channel(float x) {
        return Math.round(255 * Math.max(0f, Math.min(1f, x)));
    }

    /**
     * Blends the jet-coloured heatmap over the image: {@code alpha * heat + (1 - alpha) * image}.
     *
     * @param heat values in [0, 1], the image's size, row-major
     */
    public static BufferedImage overlay(BufferedImage image, float[] heat, double alpha) {
        int w = image.getWidth();
        int h = image.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int c = jet(heat[y * w + x]);
                int p = image.getRGB(x, y);
                out.setRGB(x, y, (blend(c >> 16, p >> 16, alpha) << 16) | (blend(c >> 8, p >> 8, alpha) << 8)
                        | blend(c, p, alpha));
            }
        }
        return out;
    }

    private static int blend(int heat, int pixel, double alpha) {
        return (int) Math.round(alpha * (heat & 0xFF) + (1 - alpha) * (pixel & 0xFF));
    }
}
