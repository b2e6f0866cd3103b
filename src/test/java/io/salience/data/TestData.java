package io.salience.data;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** Small generated datasets for the tests. */
final class TestData {

    static final int RECORD = Cifar10BinaryReader.RECORD_BYTES;

    private TestData() {}

    /** The pixel bytes of generated image {@code image}: a pattern unique to it. */
    static byte[] pixels(int image) {
        byte[] pixels = new byte[ImageSplit.IMAGE_BYTES];
        for (int p = 0; p < pixels.length; p++) {
            pixels[p] = (byte) (image * 37 + p * 7);
        }
        return pixels;
    }

    /** CIFAR binary records: one per label, image {@code firstImage + i} for label {@code i}. */
    static byte[] records(int firstImage, int... labels) {
        byte[] bytes = new byte[labels.length * RECORD];
        for (int i = 0; i < labels.length; i++) {
            bytes[i * RECORD] = (byte) labels[i];
            System.arraycopy(pixels(firstImage + i), 0, bytes, i * RECORD + 1, ImageSplit.IMAGE_BYTES);
        }
        return bytes;
    }

    /** A split of {@code labels.length} generated images. */
    static ImageSplit split(String name, int... labels) {
        byte[] pixels = new byte[labels.length * ImageSplit.IMAGE_BYTES];
        byte[] labelBytes = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) {
            System.arraycopy(pixels(i), 0, pixels, i * ImageSplit.IMAGE_BYTES, ImageSplit.IMAGE_BYTES);
            labelBytes[i] = (byte) labels[i];
        }
        return new ImageSplit(name, pixels, labelBytes);
    }

    /** Writes {@code files} (name to content) into {@code folder}. */
    static Path writeFiles(Path folder, Map<String, byte[]> files) throws IOException {
        Files.createDirectories(folder);
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            Files.write(folder.resolve(file.getKey()), file.getValue());
        }
        return folder;
    }

    /** A small valid dataset: 3 training images in batch 1, 2 in batch 2, 2 test images. */
    static Map<String, byte[]> validBatches() {
        return Map.of(
                "data_batch_1.bin", records(0, 0, 1, 2),
                "data_batch_2.bin", records(3, 9, 3),
                "test_batch.bin", records(100, 4, 5));
    }

    /** Writes a .tar.gz holding {@code entries} (path in the archive to content). */
    static Path tarGz(Path archive, Map<String, byte[]> entries) throws IOException {
        try (OutputStream file = Files.newOutputStream(archive);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(file))) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                TarArchiveEntry tarEntry = new TarArchiveEntry(entry.getKey());
                tarEntry.setSize(entry.getValue().length);
                tar.putArchiveEntry(tarEntry);
                tar.write(entry.getValue());
                tar.closeArchiveEntry();
            }
        }
        return archive;
    }

    static byte[] text(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String md5(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    }
}
