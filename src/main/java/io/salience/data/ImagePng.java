package io.salience.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.ImageIO;

/** Encodes images for the API: 32x32 pictures are enlarged so a browser shows them crisply. */
public final class ImagePng {

    private ImagePng() {}

    public static byte[] png(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("no PNG writer for image type " + image.getType());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing a PNG to memory failed", e);
        }
        return out.toByteArray();
    }

    /** Each pixel becomes a {@code scale x scale} square (nearest neighbour: no blur). */
    public static BufferedImage upscale(BufferedImage image, int scale) {
        if (scale < 1) {
            throw new IllegalArgumentException("scale must be at least 1, not " + scale);
        }
        int width = image.getWidth();
        int height = image.getHeight();
        BufferedImage large = new BufferedImage(width * scale, height * scale, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height * scale; y++) {
            for (int x = 0; x < width * scale; x++) {
                large.setRGB(x, y, image.getRGB(x / scale, y / scale));
            }
        }
        return large;
    }
}
