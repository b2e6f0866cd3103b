package io.salience.support;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * Writes small datasets in the official CIFAR-10 binary layout, so that no test needs the real
 * data. Each image has a colour that depends on its class, plus noise, so that a tiny model can
 * learn something from a few hundred of them.
 */
public final class TestDatasets {

    public static final int RECORD_BYTES = 3073;
    public static final List<String> CLASSES =
            List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");

    private TestDatasets() {}

    /** Writes {@code dir/cifar-10-batches-bin/} with one training batch and a test batch. */
    public static Path writeCifarBinary(Path dir, int trainImages, int testImages, long seed) throws IOException {
        Path batches = Files.createDirectories(dir.resolve("cifar-10-batches-bin"));
        Random random = new Random(seed);
        Files.write(batches.resolve("data_batch_1.bin"), records(trainImages, random));
        Files.write(batches.resolve("test_batch.bin"), records(testImages, random));
        Files.writeString(batches.resolve("batches.meta.txt"), String.join("\n", CLASSES) + "\n");
        return dir;
    }

    /** Record {@code i} has label {@code i % 10}, like the test batch of the official data. */
    public static byte[] records(int count, Random random) {
        byte[] out = new byte[count * RECORD_BYTES];
        for (int i = 0; i < count; i++) {
            int label = i % 10;
            out[i * RECORD_BYTES] = (byte) label;
            for (int c = 0; c < 3; c++) {
                int base = classColour(label, c);
                for (int p = 0; p < 1024; p++) {
                    int v = base + random.nextInt(61) - 30;
                    out[i * RECORD_BYTES + 1 + c * 1024 + p] = (byte) Math.max(0, Math.min(255, v));
                }
            }
        }
        return out;
    }

    /** A distinct mean colour per class and channel. */
    public static int classColour(int label, int channel) {
        return 30 + ((label * 7 + channel * 3) % 10) * 20;
    }

    /** Writes raw bytes to a file, for malformed-input tests. */
    public static void write(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(bytes);
        }
    }
}
