package io.salience.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.salience.errors.InvalidInputException;
import io.salience.errors.NotFoundException;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class ImageSplitTest {

    @Test
    void toImageInterleavesThePlanes() {
        byte[] pixels = new byte[2 * ImageSplit.IMAGE_BYTES];
        int second = ImageSplit.IMAGE_BYTES;
        pixels[second] = 10; // red (0, 0)
        pixels[second + ImageSplit.PLANE] = 20; // green (0, 0)
        pixels[second + 2 * ImageSplit.PLANE] = (byte) 230; // blue (0, 0)
        pixels[second + 31] = (byte) 255; // red at x 31, y 0
        pixels[second + ImageSplit.PLANE + 32] = 1; // green at x 0, y 1
        ImageSplit split = new ImageSplit("test", pixels, new byte[2]);

        BufferedImage image = split.toImage(1);

        assertThat(image.getType()).isEqualTo(BufferedImage.TYPE_INT_RGB);
        assertThat(image.getWidth()).isEqualTo(32);
        assertThat(image.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0x0A14E6);
        assertThat(image.getRGB(31, 0) & 0xFFFFFF).isEqualTo(0xFF0000);
        assertThat(image.getRGB(0, 1) & 0xFFFFFF).isEqualTo(0x000100);
        assertThat(split.toImage(0).getRGB(0, 0) & 0xFFFFFF).isEqualTo(0);
    }

    @Test
    void anIdOutsideTheSplitIsNotFound() {
        ImageSplit split = TestData.split("test", new int[10]);

        assertThatThrownBy(() -> split.toImage(12))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("image id 12 is out of range: the test set has 10 images (0..9)");
        assertThatThrownBy(() -> split.toImage(-1)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void labelsAreUnsigned() {
        ImageSplit split = new ImageSplit("train", new byte[2 * ImageSplit.IMAGE_BYTES], new byte[] {3, (byte) 200});

        assertThat(split.label(0)).isEqualTo(3);
        assertThat(split.label(1)).isEqualTo(200);
    }

    @Test
    void limitKeepsTheFirstImages() {
        ImageSplit split = TestData.split("train", 4, 5, 6);

        ImageSplit first = split.limit(2);

        assertThat(first.size()).isEqualTo(2);
        assertThat(first.label(1)).isEqualTo(5);
        assertThat(first.pixels()[ImageSplit.IMAGE_BYTES + 9]).isEqualTo(TestData.pixels(1)[9]);
        // A view: no copy of the pixels, and image 2 is out of its range.
        assertThat(first.pixels()).isSameAs(split.pixels());
        assertThatThrownBy(() -> first.toImage(2)).isInstanceOf(io.salience.errors.NotFoundException.class);
        assertThat(split.limit(3).size()).isEqualTo(3);
        assertThatThrownBy(() -> split.limit(4))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("cannot take 4 images: the train set has 3 images");
    }

    @Test
    void pixelsMustMatchTheLabels() {
        assertThatThrownBy(() -> new ImageSplit("train", new byte[3072], new byte[2]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
