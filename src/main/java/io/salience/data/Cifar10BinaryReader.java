package io.salience.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Reads the official CIFAR-10 binary layout ({@code cifar-10-binary.tar.gz}): batch files of
 * 3073-byte records, one label byte then 3072 planar pixel bytes.
 *
 * <p>{@code path} may be a folder holding {@code cifar-10-batches-bin/}, that folder itself, or a
 * {@code .tar.gz} of either; the archive is read as a stream, so the downloaded file needs no
 * extraction. The training split is whichever of {@code data_batch_1.bin .. data_batch_5.bin}
 * exist, in order (so a cut-down copy works); {@code test_batch.bin} is required.
 */
public final class Cifar10BinaryReader implements DatasetReader {

    public static final String FORMAT = "cifar10-binary";
    public static final List<String> CIFAR10_CLASSES =
            List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");

    static final int RECORD_BYTES = 1 + ImageSplit.IMAGE_BYTES;
    private static final String BATCH_FOLDER = "cifar-10-batches-bin";
    private static final String META = "batches.meta.txt";
    private static final String TEST_BATCH = "test_batch.bin";
    private static final List<String> TRAIN_BATCHES =
            List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin");
    private static final Set<String> WANTED = Set.of(
            META, TEST_BATCH, TRAIN_BATCHES.get(0), TRAIN_BATCHES.get(1), TRAIN_BATCHES.get(2),
            TRAIN_BATCHES.get(3), TRAIN_BATCHES.get(4));

    /** A file's content and how to name it in messages. */
    private record SourceFile(String source, byte[] bytes) {}

    /** The dataset's files by name, and where they were looked for. */
    private record SourceFiles(String location, Map<String, SourceFile> byName) {}

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public ImageDataset read(String name, Path path, Normalization normalization) {
        SourceFiles files = load(path);
        List<String> classes = files.byName().containsKey(META) ? classNames(files.byName().get(META)) : CIFAR10_CLASSES;
        List<SourceFile> train = TRAIN_BATCHES.stream().map(files.byName()::get).filter(Objects::nonNull).toList();
        if (train.isEmpty()) {
            throw new DatasetFormatException(files.location() + " holds no training batch (data_batch_1.bin .. data_batch_5.bin)");
        }
        SourceFile test = files.byName().get(TEST_BATCH);
        if (test == null) {
            throw new DatasetFormatException(files.location() + " holds no " + TEST_BATCH);
        }
        ImageSplit trainSplit = split("train", train, classes.size());
        ImageSplit testSplit = split("test", List.of(test), classes.size());
        Normalization stats = normalization != null ? normalization : Normalization.of(trainSplit);
        return new ImageDataset(name, FORMAT, classes, trainSplit, testSplit, stats);
    }

    private static SourceFiles load(Path path) {
        try {
            if (Files.isDirectory(path)) {
                return fromFolder(path);
            }
            if (Files.isRegularFile(path)) {
                return fromArchive(path);
            }
        } catch (IOException e) {
            throw new DatasetFormatException(path + ": cannot be read: " + e.getMessage(), e);
        }
        throw new DatasetFormatException(path + ": no such folder or file");
    }

    private static SourceFiles fromFolder(Path path) throws IOException {
        Path folder = Files.isDirectory(path.resolve(BATCH_FOLDER)) ? path.resolve(BATCH_FOLDER) : path;
        Map<String, SourceFile> byName = new HashMap<>();
        for (String name : WANTED) {
            Path file = folder.resolve(name);
            if (Files.isRegularFile(file)) {
                byName.put(name, new SourceFile(file.toString(), Files.readAllBytes(file)));
            }
        }
        return new SourceFiles(folder.toString(), byName);
    }

    private static SourceFiles fromArchive(Path archive) throws IOException {
        String fileName = archive.getFileName().toString();
        if (!fileName.endsWith(".tar.gz") && !fileName.endsWith(".tgz")) {
            throw new DatasetFormatException(archive + ": is neither a folder nor a .tar.gz archive");
        }
        Map<String, SourceFile> byName = new HashMap<>();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(archive));
                TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                // Match by file name: the official archive nests the files in cifar-10-batches-bin/.
                String name = entry.getName().substring(entry.getName().lastIndexOf('/') + 1);
                if (entry.isFile() && WANTED.contains(name)) {
                    SourceFile file = new SourceFile(archive + "!" + entry.getName(), tar.readAllBytes());
                    SourceFile previous = byName.put(name, file);
                    if (previous != null) {
                        throw new DatasetFormatException(archive + ": holds " + name + " twice ("
                                + previous.source() + ", " + file.source() + ")");
                    }
                }
            }
        }
        return new SourceFiles(archive.toString(), byName);
    }

    private static List<String> classNames(SourceFile meta) {
        List<String> names = new String(meta.bytes(), StandardCharsets.UTF_8).lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty())
                .toList();
        if (names.isEmpty()) {
            throw new DatasetFormatException(meta.source() + ": lists no class names");
        }
        return names;
    }

    /** Splits the records of {@code files} into one pixel array and one label array. */
    private static ImageSplit split(String splitName, List<SourceFile> files, int classCount) {
        int total = 0;
        for (SourceFile file : files) {
            int length = file.bytes().length;
            if (length % RECORD_BYTES != 0) {
                throw new DatasetFormatException(file.source() + ": " + length + " bytes is not a whole number of "
                        + RECORD_BYTES + "-byte records");
            }
            total += length / RECORD_BYTES;
        }
        byte[] pixels = new byte[total * ImageSplit.IMAGE_BYTES];
        byte[] labels = new byte[total];
        int image = 0;
        for (SourceFile file : files) {
            byte[] bytes = file.bytes();
            for (int record = 0; record < bytes.length / RECORD_BYTES; record++, image++) {
                int start = record * RECORD_BYTES;
                int label = Byte.toUnsignedInt(bytes[start]);
                if (label >= classCount) {
                    throw new DatasetFormatException(file.source() + ": record " + record + " has label " + label
                            + ", but there are only " + classCount + " classes");
                }
                labels[image] = (byte) label;
                System.arraycopy(bytes, start + 1, pixels, image * ImageSplit.IMAGE_BYTES, ImageSplit.IMAGE_BYTES);
            }
        }
        return new ImageSplit(splitName, pixels, labels);
    }
}
