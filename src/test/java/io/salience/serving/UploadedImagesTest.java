package io.salience.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.salience.errors.InvalidInputException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class UploadedImagesTest {

    private final UploadedImages uploads = new UploadedImages(new ServingProperties(4, 8192,
            new ServingProperties.MicroBatch(1, Duration.ZERO, 1, Duration.ofSeconds(1))));

    private static byte[] jpeg() throws Exception {
        BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                image.setRGB(x, y, (x * 4) << 16 | (y * 4) << 8);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpeg", out);
        return out.toByteArray();
    }

    private static int indexOf(byte[] bytes, int a, int b, int from) {
        for (int i = from; i + 1 < bytes.length; i++) {
            if (bytes[i] == (byte) a && bytes[i + 1] == (byte) b) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void aJpegIsDecodedAndItsScansCounted() throws Exception {
        byte[] jpeg = jpeg();
        assertThat(UploadedImages.jpegScans(jpeg)).isEqualTo(1);
        assertThat(uploads.decode(jpeg).getWidth()).isEqualTo(64);
    }

    /** Its scan repeated a hundred times: each would be decoded over the whole image. */
    @Test
    void aJpegOfManyRepeatedScansIsRefusedBeforeDecoding() throws Exception {
        byte[] jpeg = jpeg();
        int scan = indexOf(jpeg, 0xFF, 0xDA, 0);
        int end = indexOf(jpeg, 0xFF, 0xD9, scan);
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        bomb.write(jpeg, 0, end);
        for (int i = 0; i < 100; i++) {
            bomb.write(jpeg, scan, end - scan);
        }
        bomb.write(jpeg, end, jpeg.length - end);

        assertThatThrownBy(() -> uploads.decode(bomb.toByteArray())).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("101 scans");
    }
}
