package io.salience.serving;

import io.salience.errors.InvalidInputException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.springframework.stereotype.Component;

/**
 * Decodes uploaded images (PNG, JPEG, BMP, GIF) defensively: an empty upload, bytes that are no
 * image, a truncated file, a header that declares huge dimensions, or a JPEG of more scans than
 * any camera or encoder writes are refused with a clear message, before any pixel is decoded; and
 * only as many uploads decode at once as there are cores (the decoder cannot be interrupted).
 */
@Component
public class UploadedImages {

    /** Formats whose readers subsample row by row, so large images stay cheap to decode. */
    private static final java.util.Set<String> ACCEPTED_FORMATS = java.util.Set.of("png", "jpeg", "jpg", "bmp", "gif");

    /** Large images are subsampled while decoding to about this many pixels on the shorter side. */
    static final int DECODE_SIDE = 256;

    /** Decoding a JPEG still takes about 3 bytes per source pixel; 25 megapixels is a large photo. */
    static final long MAX_PIXELS = 25_000_000L;

    /**
     * A progressive JPEG has about ten scans; each scan is decoded over the whole image however
     * much the output is subsampled, so a small file of thousands of repeated scans would hold a
     * core for hours.
     */
    static final int MAX_JPEG_SCANS = 64;

    private final int maxSide;
    private final long maxPixels;
    private final java.util.concurrent.Semaphore decoding =
            new java.util.concurrent.Semaphore(Math.max(1, Runtime.getRuntime().availableProcessors()));

    public UploadedImages(ServingProperties properties) {
        this.maxSide = properties.maxImageSide();
        this.maxPixels = Math.min((long) maxSide * maxSide, MAX_PIXELS);
    }

    public BufferedImage decode(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw InvalidInputException.field("image", "the upload is empty: send an image file in the multipart field 'image'");
        }
        try {
            if (!decoding.tryAcquire(5, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new io.salience.errors.BusyException("other uploads are being decoded; try again shortly", 1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new io.salience.errors.BusyException("interrupted while waiting to decode; try again", 1);
        }
        try {
            return decodeChecked(bytes);
        } finally {
            decoding.release();
        }
    }

    /**
     * The scans of a JPEG: its start-of-scan markers (0xFF 0xDA), found by walking the marker
     * segments by their lengths, so bytes inside metadata (an EXIF thumbnail, an ICC profile) are
     * not counted; in entropy-coded data a 0xFF is followed by 0x00, a restart marker or fill.
     * Where the file is not well formed it walks on as the decoder (libjpeg) does, skipping stray
     * bytes up to the next marker, so a scan the decoder would read is never missed here.
     */
    static int jpegScans(byte[] bytes) {
        int scans = 0;
        int i = 2; // after SOI
        while (i + 1 < bytes.length) {
            if (bytes[i] != (byte) 0xFF) {
                i++; // a stray byte: the decoder skips it with a warning
                continue;
            }
            int marker = bytes[i + 1] & 0xFF;
            if (marker == 0xFF) {
                i++; // fill byte before a marker
                continue;
            }
            if (marker == 0xD9) {
                return scans; // EOI
            }
            if (marker == 0x00 || marker == 0x01 || marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7)) {
                i += 2; // stuffing out of place, or a marker without a length
                continue;
            }
            if (i + 3 >= bytes.length) {
                return scans;
            }
            int length = ((bytes[i + 2] & 0xFF) << 8) | (bytes[i + 3] & 0xFF);
            i += 2 + Math.max(length, 2); // a length under 2 covers just its own two bytes
            if (marker == 0xDA) {
                scans++;
                // Entropy-coded data runs to the next marker that is neither stuffing nor a restart.
                while (i + 1 < bytes.length && !(bytes[i] == (byte) 0xFF && bytes[i + 1] != 0
                        && (bytes[i + 1] & 0xF8) != 0xD0 && bytes[i + 1] != (byte) 0xFF)) {
                    i++;
                }
            }
        }
        return scans;
    }

    private BufferedImage decodeChecked(byte[] bytes) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw InvalidInputException.field("image", "the upload is not an image in a known format (PNG, JPEG, BMP or GIF)");
            }
            ImageReader reader = readers.next();
            String format = reader.getFormatName().toLowerCase(java.util.Locale.ROOT);
            if (!ACCEPTED_FORMATS.contains(format)) {
                reader.dispose();
                throw InvalidInputException.field("image", "the upload is a " + format + " image; send PNG, JPEG, BMP or GIF");
            }
            if (format.startsWith("jp")) {
                int scans = jpegScans(bytes);
                if (scans > MAX_JPEG_SCANS) {
                    reader.dispose();
                    throw InvalidInputException.field("image", "the JPEG has " + scans + " scans; at most "
                            + MAX_JPEG_SCANS + " are accepted");
                }
            }
            try {
                reader.setInput(in, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if (width < 1 || height < 1 || width > maxSide || height > maxSide) {
                    throw InvalidInputException.field("image", "the image declares " + width + "x" + height
                            + " pixels; at most " + maxSide + " per side are accepted");
                }
                if ((long) width * height > maxPixels) {
                    throw InvalidInputException.field("image", "the image declares " + width + "x" + height + " pixels; at most "
                            + maxPixels + " pixels are accepted");
                }
                // The model sees 32x32: decode every n-th pixel of large images, so a small file
                // that unpacks to a huge bitmap cannot fill the heap.
                ImageReadParam param = reader.getDefaultReadParam();
                int step = Math.max(1, Math.min(width, height) / DECODE_SIDE);
                param.setSourceSubsampling(step, step, 0, 0);
                BufferedImage image = reader.read(0, param);
                if (image == null) {
                    throw InvalidInputException.field("image", "the image could not be decoded");
                }
                return image;
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof InvalidInputException invalid) {
                throw invalid;
            }
            throw InvalidInputException.field("image", "the image could not be decoded (" + reader(e) + "); is the file complete?");
        }
    }

    private static String reader(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
