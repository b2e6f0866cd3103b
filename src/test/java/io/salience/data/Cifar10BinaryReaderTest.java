package io.salience.data;

import static io.salience.data.TestData.records;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Cifar10BinaryReaderTest {

    private final Cifar10BinaryReader reader = new Cifar10BinaryReader();

    @TempDir
    Path dir;

    @Test
    void readsAFolderOfBatchFilesInBatchOrder() throws Exception {
        TestData.writeFiles(dir, TestData.validBatches());

        ImageDataset dataset = reader.read("tiny", dir, null);

        assertThat(dataset.name()).isEqualTo("tiny");
        assertThat(dataset.format()).isEqualTo("cifar10-binary");
        assertThat(dataset.classes()).isEqualTo(Cifar10BinaryReader.CIFAR10_CLASSES);
        assertThat(dataset.classes()).startsWith("airplane", "automobile").endsWith("truck").hasSize(10);
        assertThat(labels(dataset.train())).containsExactly(0, 1, 2, 9, 3);
        assertThat(labels(dataset.test())).containsExactly(4, 5);
        assertImagesAre(dataset.train(), 0, 1, 2, 3, 4);
        assertImagesAre(dataset.test(), 100, 101);
        assertThat(dataset.normalization()).isEqualTo(Normalization.of(dataset.train()));
    }

    @Test
    void readsTheCifarFolderInsideTheGivenFolderWithClassesFromMeta() throws Exception {
        TestData.writeFiles(dir.resolve("cifar-10-batches-bin"), Map.of(
                "batches.meta.txt", TestData.text("cat\n\n  dog  \nfrog\n\n"),
                "data_batch_1.bin", records(0, 2, 0),
                "test_batch.bin", records(10, 1)));

        ImageDataset dataset = reader.read("tiny", dir, Normalization.CIFAR10);

        assertThat(dataset.classes()).containsExactly("cat", "dog", "frog");
        assertThat(labels(dataset.train())).containsExactly(2, 0);
        assertThat(dataset.normalization()).isSameAs(Normalization.CIFAR10);
    }

    @Test
    void readsATarGzStraightFromTheStream() throws Exception {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("cifar-10-batches-bin/test_batch.bin", records(100, 4, 5));
        entries.put("cifar-10-batches-bin/batches.meta.txt", TestData.text(String.join("\n", names(10))));
        entries.put("cifar-10-batches-bin/data_batch_2.bin", records(3, 9, 3));
        entries.put("cifar-10-batches-bin/data_batch_1.bin", records(0, 0, 1, 2));
        Path archive = TestData.tarGz(dir.resolve("cifar-10-binary.tar.gz"), entries);

        ImageDataset dataset = reader.read("tiny", archive, null);

        assertThat(dataset.classes()).isEqualTo(names(10));
        assertThat(labels(dataset.train())).containsExactly(0, 1, 2, 9, 3);
        assertImagesAre(dataset.train(), 0, 1, 2, 3, 4);
        assertImagesAre(dataset.test(), 100, 101);
    }

    @Test
    void readsATarGzOfTheBatchFilesThemselves() throws Exception {
        Path archive = TestData.tarGz(dir.resolve("flat.tgz"), TestData.validBatches());

        ImageDataset dataset = reader.read("tiny", archive, null);

        assertThat(dataset.train().size()).isEqualTo(5);
        assertThat(dataset.test().size()).isEqualTo(2);
    }

    @Test
    void aCopyWithOnlyTheFirstBatchGivesWhatIsThere() throws Exception {
        TestData.writeFiles(dir, Map.of("data_batch_1.bin", records(0, 7, 8, 9, 1), "test_batch.bin", records(50, 0)));

        ImageDataset dataset = reader.read("tiny", dir, null);

        assertThat(dataset.train().size()).isEqualTo(4);
        assertThat(labels(dataset.train())).containsExactly(7, 8, 9, 1);
        assertThat(dataset.test().size()).isEqualTo(1);
    }

    @Test
    void aFileThatIsNotWholeRecordsIsNamed() throws Exception {
        byte[] twoRecordsLessOneByte = Arrays.copyOf(records(0, 1, 2), 6150);
        TestData.writeFiles(dir, Map.of("data_batch_1.bin", twoRecordsLessOneByte, "test_batch.bin", records(0, 1)));

        assertThatThrownBy(() -> reader.read("tiny", dir, null))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessage(dir.resolve("data_batch_1.bin") + ": 6150 bytes is not a whole number of 3073-byte records");
    }

    @Test
    void aLabelBeyondTheClassesIsNamedWithItsRecord() throws Exception {
        TestData.writeFiles(dir, Map.of(
                "batches.meta.txt", TestData.text("yes\nno\n"),
                "data_batch_1.bin", records(0, 1, 0),
                "test_batch.bin", records(0, 0, 5)));

        assertThatThrownBy(() -> reader.read("tiny", dir, null))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessage(dir.resolve("test_batch.bin") + ": record 1 has label 5, but there are only 2 classes");
    }

    @Test
    void aMissingTestBatchIsAnError() throws Exception {
        TestData.writeFiles(dir, Map.of("data_batch_1.bin", records(0, 1)));

        assertThatThrownBy(() -> reader.read("tiny", dir, null))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessage(dir + " holds no test_batch.bin");
    }

    @Test
    void noTrainingBatchIsAnError() throws Exception {
        TestData.writeFiles(dir, Map.of("test_batch.bin", records(0, 1)));

        assertThatThrownBy(() -> reader.read("tiny", dir, null))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("holds no training batch");
    }

    @Test
    void aMissingPathIsAnError() {
        Path missing = dir.resolve("nowhere");

        assertThatThrownBy(() -> reader.read("tiny", missing, null))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessage(missing + ": no such folder or file");
    }

    @Test
    void aFileThatIsNotATarGzIsAnError() throws Exception {
        TestData.writeFiles(dir, Map.of("data.zip", new byte[] {1, 2, 3}, "broken.tar.gz", new byte[] {1, 2, 3}));

        assertThatThrownBy(() -> reader.read("tiny", dir.resolve("data.zip"), null))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("neither a folder nor a .tar.gz");
        assertThatThrownBy(() -> reader.read("tiny", dir.resolve("broken.tar.gz"), null))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageStartingWith(dir.resolve("broken.tar.gz") + ": cannot be read");
    }

    private static List<Integer> labels(ImageSplit split) {
        return IntStream.range(0, split.size()).map(split::label).boxed().toList();
    }

    private static List<String> names(int count) {
        return IntStream.range(0, count).mapToObj(i -> "class" + i).toList();
    }

    /** Checks that the split holds the generated images with these numbers, in order. */
    private static void assertImagesAre(ImageSplit split, int... generated) {
        assertThat(split.size()).isEqualTo(generated.length);
        for (int i = 0; i < generated.length; i++) {
            byte[] image = Arrays.copyOfRange(split.pixels(), i * ImageSplit.IMAGE_BYTES, (i + 1) * ImageSplit.IMAGE_BYTES);
            assertThat(image).as("image %d", i).isEqualTo(TestData.pixels(generated[i]));
        }
    }
}
