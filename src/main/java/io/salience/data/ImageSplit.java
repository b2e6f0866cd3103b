package io.salience.data;

import io.salience.errors.InvalidInputException;
import io.salience.errors.NotFoundException;
import java.awt.image.BufferedImage;

/**
 * The images of one split (train or test) as raw bytes, in the CIFAR planar layout: image {@code i}
 * is bytes {@code [i*3072, (i+1)*3072)}, 1024 red then 1024 green then 1024 blue, each plane 32x32
 * row-major. One flat array keeps 50,000 images at 150 MB with no per-image objects, and the
 * augmentation reads it directly.
 */
public final class ImageSplit {

    public static final int SIDE = 32;
    public static final int PLANE = SIDE * SIDE;
    public static final int CHANNELS = 3;
    public static final int IMAGE_BYTES = CHANNELS * PLANE;

    private final String name;
    private final byte[] pixels;
    private final byte[] labels;
    private final int size;

    /**
     * @param name "train" or "test", used in messages
     * @param pixels {@code labels.length * 3072} bytes; kept, not copied
     * @param labels one label per image (0..classes-1)
     */
    public ImageSplit(String name, byte[] pixels, byte[] labels) {
        if (pixels.length != labels.length * IMAGE_BYTES) {
            throw new IllegalArgumentException(
                    pixels.length + " pixel bytes do not make " + labels.length + " images of " + IMAGE_BYTES + " bytes");
        }
        this.name = name;
        this.pixels = pixels;
        this.labels = labels;
        this.size = labels.length;
    }

    /** A view of the first {@code size} images of {@code whole}, sharing its arrays. */
    private ImageSplit(ImageSplit whole, int size) {
        this.name = whole.name;
        this.pixels = whole.pixels;
        this.labels = whole.labels;
        this.size = size;
    }

    public String name() {
        return name;
    }

    public int size() {
        return size;
    }

    /** The label of image {@code i}, 0..classes-1. */
    public int label(int i) {
        return Byte.toUnsignedInt(labels[i]);
    }

    /**
     * The images, shared for speed: callers must not write to it. Image {@code i < size()} starts
     * at {@code i * IMAGE_BYTES}; a limited split's array may hold more images after its last.
     */
    public byte[] pixels() {
        return pixels;
    }

    /** The first {@code n} images, e.g. to train on a subset quickly; a view, not a copy. */
    public ImageSplit limit(int n) {
        if (n < 0 || n > size()) {
            throw new InvalidInputException(
                    "cannot take " + n + " images: the " + name + " set has " + size() + " images");
        }
        return new ImageSplit(this, n);
    }

    /** Image {@code i} as an RGB picture, e.g. to show it or to draw a heat map over it. */
    public BufferedImage toImage(int i) {
        checkIndex(i);
        BufferedImage image = new BufferedImage(SIDE, SIDE, BufferedImage.TYPE_INT_RGB);
        int base = i * IMAGE_BYTES;
        for (int p = 0; p < PLANE; p++) {
            int r = Byte.toUnsignedInt(pixels[base + p]);
            int g = Byte.toUnsignedInt(pixels[base + PLANE + p]);
            int b = Byte.toUnsignedInt(pixels[base + 2 * PLANE + p]);
            image.setRGB(p % SIDE, p / SIDE, (r << 16) | (g << 8) | b);
        }
        return image;
    }

    /** Throws the 404 that API callers see for an image id outside this split. */
    public void checkIndex(int i) {
        if (i < 0 || i >= size()) {
            String range = size() == 0 ? "" : " (0.." + (size() - 1) + ")";
            throw new NotFoundException("image id " + i + " is out of range: the " + name + " set has "
                    + size() + " images" + range);
        }
    }
}
