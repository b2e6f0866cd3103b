package io.salience.data;

import java.awt.Graphics2D;
import java.awt.Image;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Reads {@code train/<class>/*} and {@code test/<class>/*} image trees (PNG or JPEG, anything
 * ImageIO decodes). Labels follow the sorted class folder names, and files are taken in name order
 * within a class, class after class, so the same tree always gives the same image ids.
 *
 * <p>Every non-hidden file in a class folder must be an image: a stray file is reported rather
 * than skipped, so a half-copied dataset does not train silently on less data. Images are
 * converted to RGB (grayscale is replicated, alpha is composited over black) and, when not
 * 32x32, shrunk with area averaging, which does not alias like point sampling.
 */
public final class ImageFolderReader implements DatasetReader {

    public static final String FORMAT = "image-folder";

    private record LabeledFile(Path path, int label) {}

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public ImageDataset read(String name, Path path, Normalization normalization) {
        if (!Files.isDirectory(path)) {
            throw new DatasetFormatException(path + ": no such folder");
        }
        List<String> classes = classFolders(path.resolve("train"));
        List<String> testClasses = classFolders(path.resolve("test"));
        if (!classes.equals(testClasses)) {
            throw new DatasetFormatException(path + ": train and test must have the same class folders, but train has "
                    + classes + " and test has " + testClasses);
        }
        ImageSplit train = readSplit("train", path.resolve("train"), classes);
        ImageSplit test = readSplit("test", path.resolve("test"), classes);
        Normalization stats = normalization != null ? normalization : Normalization.of(train);
        return new ImageDataset(name, FORMAT, classes, train, test, stats);
    }

    private static List<String> classFolders(Path splitFolder) {
        if (!Files.isDirectory(splitFolder)) {
            throw new DatasetFormatException(splitFolder + ": no such folder");
        }
        List<String> names = list(splitFolder).filter(Files::isDirectory)
                .map(folder -> folder.getFileName().toString())
                .toList();
        if (names.isEmpty()) {
            throw new DatasetFormatException(splitFolder + ": holds no class folders");
        }
        return names;
    }

    private static ImageSplit readSplit(String splitName, Path splitFolder, List<String> classes) {
        List<LabeledFile> files = new ArrayList<>();
        for (int label = 0; label < classes.size(); label++) {
            int classLabel = label;
            list(splitFolder.resolve(classes.get(label))).filter(Files::isRegularFile)
                    .forEach(file -> files.add(new LabeledFile(file, classLabel)));
        }
        if (files.isEmpty()) {
            throw new DatasetFormatException(splitFolder + ": holds no images");
        }
        byte[] pixels = new byte[files.size() * ImageSplit.IMAGE_BYTES];
        byte[] labels = new byte[files.size()];
        // Decoding dominates (tens of thousands of small files), and each image has its own slot.
        IntStream.range(0, files.size()).parallel().forEach(i -> {
            LabeledFile file = files.get(i);
            writePlanar(toRgb32(decode(file.path())), pixels, i * ImageSplit.IMAGE_BYTES);
            labels[i] = (byte) file.label();
        });
        return new ImageSplit(splitName, pixels, labels);
    }

    /** The non-hidden entries of {@code folder}, sorted by name for a stable order. */
    private static Stream<Path> list(Path folder) {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(entry -> !entry.getFileName().toString().startsWith("."))
                    .sorted()
                    .toList()
                    .stream();
        } catch (IOException e) {
            throw new DatasetFormatException(folder + ": cannot be listed: " + e.getMessage(), e);
        }
    }

    private static BufferedImage decode(Path file) {
        BufferedImage image;
        try {
            image = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new DatasetFormatException(file + ": cannot decode the image: " + e.getMessage(), e);
        }
        if (image == null) {
            throw new DatasetFormatException(file + ": is not a PNG or JPEG image");
        }
        return image;
    }

    /** {@code image} as 32x32 RGB: drawing converts any colour model the way Java2D renders it. */
    static BufferedImage toRgb32(BufferedImage image) {
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
    private static void writePlanar(BufferedImage rgb, byte[] pixels, int offset) {
        int[] argb = rgb.getRGB(0, 0, ImageSplit.SIDE, ImageSplit.SIDE, null, 0, ImageSplit.SIDE);
        for (int p = 0; p < ImageSplit.PLANE; p++) {
            pixels[offset + p] = (byte) (argb[p] >> 16);
            pixels[offset + ImageSplit.PLANE + p] = (byte) (argb[p] >> 8);
            pixels[offset + 2 * ImageSplit.PLANE + p] = (byte) argb[p];
        }
    }
}
