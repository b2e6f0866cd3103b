package io.salience.data;

import java.awt.Graphics2D;
import java.awt.Image;
import java.awt.image.BufferedImage;

/** Conversions between decoded images and the 32x32 planar bytes the model reads. */
public final class Images {

    private Images() {}

    /** {@code image} as 32x32 RGB: drawing converts any colour model the way Java2D renders it. */
    public static BufferedImage toRgb32(BufferedImage image) {
        BufferedImage rgb = drawRgb(image, image.getWidth(), image.getHeight());
        if (rgb.getWidth() == ImageSplit.SIDE && rgb.getHeight() == ImageSplit.SIDE) {
            return rgb;
        }
        // Scale the RGB copy, not the original: the scaler reads grayscale through a gamma curve.
        Image scaled = rgb.getScaledInstance(ImageSplit.SIDE, ImageSplit.SIDE, Image.SCALE_AREA_AVERAGING);
        return drawRgb(scaled, ImageSplit.SIDE, ImageSplit.SIDE);
    }

    private static BufferedImage drawRgb(Image image, int width, int height) {
        BufferedImage rgb = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = rgb.createGraphics();
        try {
            // Scaled images are produced synchronously from an in-memory source; check anyway.
            if (!graphics.drawImage(image, 0, 0, null)) {
                throw new IllegalStateException("the image was not completely drawn");
            }
        } finally {
            graphics.dispose();
        }
        return rgb;
    }

    /** Writes a 32x32 RGB image at {@code offset} in the planar layout of {@link ImageSplit}. */
    public static void writePlanar(BufferedImage rgb, byte[] pixels, int offset) {
        int[] argb = rgb.getRGB(0, 0, ImageSplit.SIDE, ImageSplit.SIDE, null, 0, ImageSplit.SIDE);
        for (int p = 0; p < ImageSplit.PLANE; p++) {
            pixels[offset + p] = (byte) (argb[p] >> 16);
            pixels[offset + ImageSplit.PLANE + p] = (byte) (argb[p] >> 8);
            pixels[offset + 2 * ImageSplit.PLANE + p] = (byte) argb[p];
        }
    }

    /** Any image as the planar bytes of its 32x32 RGB version. */
    public static byte[] toPlanar32(BufferedImage image) {
        byte[] pixels = new byte[ImageSplit.IMAGE_BYTES];
        writePlanar(toRgb32(image), pixels, 0);
        return pixels;
    }
}
