package io.salience.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImagePngTest {

    @Test
    void upscaleRepeatsEachPixelAsASquare() {
        BufferedImage small = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
        small.setRGB(0, 0, 0x112233);
        small.setRGB(1, 0, 0x445566);
        small.setRGB(0, 1, 0x778899);
        small.setRGB(1, 1, 0xAABBCC);

        BufferedImage large = ImagePng.upscale(small, 3);

        assertThat(large.getWidth()).isEqualTo(6);
        assertThat(large.getHeight()).isEqualTo(6);
        assertThat(large.getRGB(2, 2) & 0xFFFFFF).isEqualTo(0x112233);
        assertThat(large.getRGB(3, 0) & 0xFFFFFF).isEqualTo(0x445566);
        assertThat(large.getRGB(0, 5) & 0xFFFFFF).isEqualTo(0x778899);
        assertThat(large.getRGB(5, 3) & 0xFFFFFF).isEqualTo(0xAABBCC);
        assertThat(ImagePng.upscale(small, 1).getRGB(1, 1) & 0xFFFFFF).isEqualTo(0xAABBCC);
        assertThatThrownBy(() -> ImagePng.upscale(small, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pngRoundTripsThePixels() throws Exception {
        BufferedImage image = TestData.split("test", 0).toImage(0);

        byte[] png = ImagePng.png(image);

        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(png));
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                assertThat(decoded.getRGB(x, y)).isEqualTo(image.getRGB(x, y));
            }
        }
    }
}
