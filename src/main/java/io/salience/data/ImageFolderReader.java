package io.salience.data;

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
 * ImageIO decodes). Labels follow the sorted class folder names; files are taken in name order
 * within a class, the classes interleaved in proportion to their sizes, so the same tree always
 * gives the same image ids and any first N images hold every class in its share.
 *
 * <p>Every non-hidden file in a class folder must be an image: a stray file is reported rather
 * than skipped, so a half-copied dataset does not train silently on less data. Images are
 * converted to RGB (grayscale is replicated, alpha is composited over black) and, when not
 * 32x32, shrunk with area averaging, which does not alias like point sampling.
 */
public final class ImageFolderReader implements DatasetReader {

    /** Labels are stored as one unsigned byte per image. */
    static final int MAX_CLASSES = 256;

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
        if (names.size() > MAX_CLASSES) {
            // Labels are kept as one byte per image: class 256 would silently become class 0.
            throw new DatasetFormatException(splitFolder + ": holds " + names.size() + " class folders; at most "
                    + MAX_CLASSES + " are supported");
        }
        return names;
    }

    private static ImageSplit readSplit(String splitName, Path splitFolder, List<String> classes) {
        List<LabeledFile> files = interleaved(splitFolder, classes);
        if (files.isEmpty()) {
            throw new DatasetFormatException(splitFolder + ": holds no images");
        }
        byte[] pixels = new byte[files.size() * ImageSplit.IMAGE_BYTES];
        byte[] labels = new byte[files.size()];
        // Decoding dominates (tens of thousands of small files), and each image has its own slot.
        IntStream.range(0, files.size()).parallel().forEach(i -> {
            LabeledFile file = files.get(i);
            Images.writePlanar(Images.toRgb32(decode(file.path())), pixels, i * ImageSplit.IMAGE_BYTES);
            labels[i] = (byte) file.label();
        });
        return new ImageSplit(splitName, pixels, labels);
    }

    /**
     * The files of every class, the classes spread evenly through the order: the r-th of a class of
     * n files sits at (r + 1/2) / n of the way, ties by label. So the first N images (a job's
     * {@code trainLimit}, {@code testLimit}) hold every class in its share, where class after class
     * would give a short job one or two classes to learn and test on.
     */
    private static List<LabeledFile> interleaved(Path splitFolder, List<String> classes) {
        List<LabeledFile> files = new ArrayList<>();
        List<long[]> positions = new ArrayList<>(); // {2r + 1, 2n} per file: (r + 1/2) / n, exactly
        for (int label = 0; label < classes.size(); label++) {
            List<Path> ofClass = list(splitFolder.resolve(classes.get(label))).filter(Files::isRegularFile).toList();
            for (int r = 0; r < ofClass.size(); r++) {
                files.add(new LabeledFile(ofClass.get(r), label));
                positions.add(new long[] {2L * r + 1, 2L * ofClass.size()});
            }
        }
        Integer[] order = IntStream.range(0, files.size()).boxed().toArray(Integer[]::new);
        java.util.Arrays.sort(order, (a, b) -> {
            long[] pa = positions.get(a);
            long[] pb = positions.get(b);
            int byPosition = Long.compare(pa[0] * pb[1], pb[0] * pa[1]);
            return byPosition != 0 ? byPosition : Integer.compare(files.get(a).label(), files.get(b).label());
        });
        return java.util.Arrays.stream(order).map(files::get).toList();
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
}
