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

    @Test
    void everyScanOfAProgressiveJpegIsCounted() throws Exception {
        BufferedImage image = ImageIO.read(new java.io.ByteArrayInputStream(jpeg()));
        javax.imageio.ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        javax.imageio.ImageWriteParam param = writer.getDefaultWriteParam();
        param.setProgressiveMode(javax.imageio.ImageWriteParam.MODE_DEFAULT);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(null, new javax.imageio.IIOImage(image, null, null), param);
        }
        writer.dispose();
        // libjpeg's default progressive script for colour images has 10 scans.
        assertThat(UploadedImages.jpegScans(out.toByteArray())).isEqualTo(10);
        assertThat(uploads.decode(out.toByteArray()).getWidth()).isEqualTo(64);
    }

    /**
     * Stray bytes after a segment, or a segment that declares too short a length, do not hide the
     * scans after them: the decoder walks past both and would read every scan.
     */
    @Test
    void malformedSegmentsDoNotHideRepeatedScans() throws Exception {
        byte[] jpeg = jpeg();
        int scan = indexOf(jpeg, 0xFF, 0xDA, 0);
        int end = indexOf(jpeg, 0xFF, 0xD9, scan);
        byte[][] disguises = {
            {(byte) 0xFF, (byte) 0xFE, 0, 4, 'h', 'i', 0}, // a comment, then a stray byte
            {(byte) 0xFF, (byte) 0xFE, 0, 0}, // a comment whose length is 0
            {(byte) 0xFF, 0}}; // stuffing between segments
        for (byte[] disguise : disguises) {
            ByteArrayOutputStream bomb = new ByteArrayOutputStream();
            bomb.write(jpeg, 0, end);
            bomb.write(disguise);
            for (int i = 0; i < 100; i++) {
                bomb.write(jpeg, scan, end - scan);
            }
            bomb.write(jpeg, end, jpeg.length - end);
            assertThat(UploadedImages.jpegScans(bomb.toByteArray())).isEqualTo(101);
        }
    }

    /** Bytes that look like start-of-scan markers inside a metadata segment are not scans. */
    @Test
    void scanMarkerBytesInsideMetadataAreNotCounted() throws Exception {
        byte[] jpeg = jpeg();
        ByteArrayOutputStream withComment = new ByteArrayOutputStream();
        withComment.write(jpeg, 0, 2); // SOI
        byte[] payload = new byte[200];
        for (int i = 0; i < payload.length; i += 2) {
            payload[i] = (byte) 0xFF;
            payload[i + 1] = (byte) 0xDA;
        }
        withComment.write(new byte[] {(byte) 0xFF, (byte) 0xFE, 0, (byte) (payload.length + 2)});
        withComment.write(payload);
        withComment.write(jpeg, 2, jpeg.length - 2);

        assertThat(UploadedImages.jpegScans(withComment.toByteArray())).isEqualTo(1);
        assertThat(uploads.decode(withComment.toByteArray()).getWidth()).isEqualTo(64);
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
