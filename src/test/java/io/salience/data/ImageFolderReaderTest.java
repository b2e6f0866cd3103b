package io.salience.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFolderReaderTest {

    private static final int RED = 0xFF0000;
    private static final int BLUE = 0x0000FF;

    private final ImageFolderReader reader = new ImageFolderReader();

    @TempDir
    Path dir;

    /** Labels follow the sorted folder names; files interleave the classes, each class in name order. */
    @Test
    void readsClassesInSortedOrderAndFilesInNameOrderInterleaved() throws Exception {
        writeSolid("train/zebra/b.png", 32, 0x102030);
        writeSolid("train/zebra/a.png", 32, 0x405060);
        writeSolid("train/ant/only.png", 32, 0x708090);
        writeSolid("test/ant/t.png", 32, 0x0A0B0C);
        writeSolid("test/zebra/t.png", 32, 0x0D0E0F);

        ImageDataset dataset = reader.read("folders", dir, null);

        assertThat(dataset.format()).isEqualTo("image-folder");
        assertThat(dataset.classes()).containsExactly("ant", "zebra");
        ImageSplit train = dataset.train();
        assertThat(train.size()).isEqualTo(3);
        // zebra's two files sit at 1/4 and 3/4 of the order, ant's one at 1/2.
        assertThat(new int[] {train.label(0), train.label(1), train.label(2)}).containsExactly(1, 0, 1);
        assertThat(rgb(train.toImage(0), 5, 5)).isEqualTo(0x405060);
        assertThat(rgb(train.toImage(1), 5, 5)).isEqualTo(0x708090);
        assertThat(rgb(train.toImage(2), 31, 31)).isEqualTo(0x102030);
        assertThat(dataset.test().size()).isEqualTo(2);
        assertThat(rgb(dataset.test().toImage(0), 0, 0)).isEqualTo(0x0A0B0C);
        assertThat(rgb(dataset.test().toImage(1), 0, 0)).isEqualTo(0x0D0E0F);
        assertThat(dataset.normalization()).isEqualTo(Normalization.of(train));
    }

    /** A job's trainLimit takes the first N images: every class must be among them in its share. */
    @Test
    void theFirstImagesOfASplitHoldEveryClassInItsShare() throws Exception {
        String[] classes = {"a", "b", "c"};
        int[] counts = {6, 3, 3};
        for (int c = 0; c < classes.length; c++) {
            for (int i = 0; i < counts[c]; i++) {
                writeSolid("train/" + classes[c] + "/" + i + ".png", 8, 0x010101 * (16 * c + i));
            }
            writeSolid("test/" + classes[c] + "/t.png", 8, 0);
        }
        ImageSplit train = reader.read("shares", dir, null).train();

        int[] firstFour = new int[3];
        for (int i = 0; i < 4; i++) {
            firstFour[train.label(i)]++;
        }
        assertThat(firstFour).containsExactly(2, 1, 1);
        int[] all = new int[3];
        int lastOfA = -1;
        for (int i = 0; i < train.size(); i++) {
            all[train.label(i)]++;
            if (train.label(i) == 0) {
                // Within a class, name order: a/0.png .. a/5.png.
                int shade = rgb(train.toImage(i), 0, 0) & 0xFF;
                assertThat(shade).isGreaterThan(lastOfA);
                lastOfA = shade;
            }
        }
        assertThat(all).containsExactly(6, 3, 3);
    }

    @Test
    void shrinksLargerImagesByAreaAveraging() throws Exception {
        // 64x64: left half red, right half blue, except a 2x2 white square at (0,0) that
        // averages with nothing else into output pixel (0,0).
        BufferedImage large = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                large.setRGB(x, y, x < 32 ? RED : BLUE);
            }
        }
        large.setRGB(0, 0, 0xFFFFFF);
        large.setRGB(1, 0, 0x000000);
        large.setRGB(0, 1, 0x000000);
        large.setRGB(1, 1, 0xFFFFFF);
        write("train/c/large.png", large);
        writeSolid("test/c/t.png", 32, 0);

        BufferedImage image = reader.read("folders", dir, null).train().toImage(0);

        assertThat(rgb(image, 15, 10)).isEqualTo(RED);
        assertThat(rgb(image, 16, 10)).isEqualTo(BLUE);
        assertThat(rgb(image, 31, 31)).isEqualTo(BLUE);
        int mixed = rgb(image, 0, 0); // (255 + 0 + 0 + 255) / 4 in each channel
        assertThat(mixed >> 16).isBetween(127, 128);
        assertThat(mixed & 0xFF).isEqualTo(mixed >> 16);
        assertThat((mixed >> 8) & 0xFF).isEqualTo(mixed >> 16);
    }

    @Test
    void grayscaleAndAlphaImagesBecomeRgb() throws Exception {
        BufferedImage gray = new BufferedImage(32, 32, BufferedImage.TYPE_BYTE_GRAY);
        gray.getRaster().setSample(3, 4, 0, 100);
        write("train/c/gray.png", gray);
        BufferedImage translucent = new BufferedImage(32, 32, BufferedImage.TYPE_INT_ARGB);
        translucent.setRGB(0, 0, 0xFF123456);
        translucent.setRGB(1, 0, 0x00FFFFFF);
        write("train/c/translucent.png", translucent);
        writeSolid("test/c/t.png", 32, 0);

        ImageSplit train = reader.read("folders", dir, null).train();

        assertThat(rgb(train.toImage(0), 3, 4)).isEqualTo(0x646464); // 100 in every channel
        assertThat(rgb(train.toImage(0), 0, 0)).isEqualTo(0);
        assertThat(rgb(train.toImage(1), 0, 0)).isEqualTo(0x123456);
        assertThat(rgb(train.toImage(1), 1, 0)).isEqualTo(0); // transparent: over black
    }

    @Test
    void readsJpegs() throws Exception {
        BufferedImage solid = solid(32, 0x8040C0);
        Files.createDirectories(dir.resolve("train/c"));
        ImageIO.write(solid, "jpg", dir.resolve("train/c/a.jpg").toFile());
        writeSolid("test/c/t.png", 32, 0);

        int rgb = rgb(reader.read("folders", dir, null).train().toImage(0), 16, 16);

        assertThat((rgb >> 16) & 0xFF).isBetween(0x80 - 3, 0x80 + 3);
        assertThat((rgb >> 8) & 0xFF).isBetween(0x40 - 3, 0x40 + 3);
        assertThat(rgb & 0xFF).isBetween(0xC0 - 3, 0xC0 + 3);
    }

    @Test
    void anUndecodableFileIsNamed() throws Exception {
        writeSolid("train/c/good.png", 32, 0);
        writeSolid("test/c/t.png", 32, 0);
        Path broken = dir.resolve("train/c/broken.png");
        Files.write(broken, new byte[] {1, 2, 3, 4});

        assertThatThrownBy(() -> reader.read("folders", dir, null))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageStartingWith(broken.toString());
    }

    @Test
    void trainAndTestMustHaveTheSameClasses() throws Exception {
        writeSolid("train/cat/a.png", 32, 0);
        writeSolid("train/dog/a.png", 32, 0);
        writeSolid("test/cat/a.png", 32, 0);

        assertThatThrownBy(() -> reader.read("folders", dir, null))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("train has [cat, dog] and test has [cat]");
    }

    @Test
    void moreClassesThanALabelByteHoldsAreRefused() throws Exception {
        for (int c = 0; c <= ImageFolderReader.MAX_CLASSES; c++) {
            Files.createDirectories(dir.resolve("train/c" + c));
            Files.createDirectories(dir.resolve("test/c" + c));
        }
        writeSolid("train/c0/a.png", 8, RED);
        assertThatThrownBy(() -> reader.read("many", dir, null)).isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("257 class folders; at most 256");
    }

    @Test
    void aMissingSplitFolderIsNamed() throws Exception {
        writeSolid("train/cat/a.png", 32, 0);

        assertThatThrownBy(() -> reader.read("folders", dir, null))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessage(dir.resolve("test") + ": no such folder");
    }

    private void writeSolid(String path, int side, int rgb) throws IOException {
        write(path, solid(side, rgb));
    }

    private void write(String path, BufferedImage image) throws IOException {
        Path file = dir.resolve(path);
        Files.createDirectories(file.getParent());
        assertThat(ImageIO.write(image, "png", file.toFile())).isTrue();
    }

    private static BufferedImage solid(int side, int rgb) {
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                image.setRGB(x, y, rgb);
            }
        }
        return image;
    }

    private static int rgb(BufferedImage image, int x, int y) {
        return image.getRGB(x, y) & 0xFFFFFF;
    }
}
