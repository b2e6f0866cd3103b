package io.salience.data.augment;

import static io.salience.data.ImageSplit.IMAGE_BYTES;
import static io.salience.data.ImageSplit.PLANE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.salience.data.Normalization;
import org.junit.jupiter.api.Test;

class PixelOpsTest {

    /** Channel c, row y, column x holds {@code 1000c + 32y + x + 1}: every pixel tells where it came from. */
    private static float[] numbered() {
        float[] image = new float[IMAGE_BYTES];
        for (int c = 0; c < 3; c++) {
            for (int p = 0; p < PLANE; p++) {
                image[c * PLANE + p] = 1000 * c + p + 1;
            }
        }
        return image;
    }

    private static float at(float[] image, int c, int y, int x) {
        return image[c * PLANE + y * 32 + x];
    }

    @Test
    void toFloatsReadsUnsignedBytes() {
        byte[] pixels = new byte[2 * IMAGE_BYTES];
        pixels[IMAGE_BYTES] = (byte) 200;
        pixels[IMAGE_BYTES + 2 * PLANE + 5] = 7;
        float[] out = new float[IMAGE_BYTES + 1];

        PixelOps.toFloats(pixels, IMAGE_BYTES, out, 1);

        assertThat(out[1]).isEqualTo(200f);
        assertThat(out[1 + 2 * PLANE + 5]).isEqualTo(7f);
        assertThat(out[0]).isEqualTo(0f);
    }

    @Test
    void cropTakesAWindowOfTheZeroPaddedImage() {
        float[] src = numbered();
        float[] dst = new float[IMAGE_BYTES];

        PixelOps.crop(src, dst, 0, 8); // window starts 4 rows above and 4 columns right of the image

        assertThat(at(dst, 0, 0, 0)).isEqualTo(0f); // source row -4
        assertThat(at(dst, 0, 3, 10)).isEqualTo(0f); // source row -1
        assertThat(at(dst, 0, 4, 0)).isEqualTo(5f); // source (0, 4)
        assertThat(at(dst, 0, 10, 27)).isEqualTo(224f); // source (6, 31)
        assertThat(at(dst, 0, 10, 28)).isEqualTo(0f); // source column 32
        assertThat(at(dst, 2, 31, 0)).isEqualTo(2000 + 27 * 32 + 4 + 1); // source (27, 4), blue
    }

    @Test
    void cropAtTheCentreIsTheIdentity() {
        float[] src = numbered();
        float[] dst = new float[IMAGE_BYTES];

        PixelOps.crop(src, dst, 4, 4);

        assertThat(dst).containsExactly(src);
    }

    @Test
    void cropAtTheTopLeftCornerShiftsDownRight() {
        float[] src = numbered();
        float[] dst = new float[IMAGE_BYTES];

        PixelOps.crop(src, dst, 0, 0);

        assertThat(at(dst, 1, 4, 4)).isEqualTo(1001f); // source (0, 0)
        assertThat(at(dst, 1, 31, 31)).isEqualTo(1000 + 27 * 32 + 27 + 1);
        assertThat(at(dst, 1, 4, 3)).isEqualTo(0f);
    }

    @Test
    void rotationByZeroIsTheIdentity() {
        float[] src = numbered();
        float[] dst = new float[IMAGE_BYTES];

        PixelOps.rotate(src, dst, 0);

        assertThat(dst).containsExactly(src);
    }

    @Test
    void rotationBy90DegreesTurnsCounterClockwise() {
        float[] src = numbered();
        float[] dst = new float[IMAGE_BYTES];

        PixelOps.rotate(src, dst, 90);

        // Counter-clockwise on screen: the right column becomes the top row, dst(y, x) = src(x, 31 - y).
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 32; x++) {
                    assertThat(at(dst, c, y, x)).as("c=%d y=%d x=%d", c, y, x).isCloseTo(at(src, c, x, 31 - y), within(1e-2f));
                }
            }
        }
        assertThat(at(dst, 0, 0, 0)).isCloseTo(32f, within(1e-2f)); // the source's top-right pixel (0, 31)
        assertThat(at(dst, 0, 31, 0)).isCloseTo(1f, within(1e-2f)); // the source's top-left pixel
    }

    @Test
    void rotationInterpolatesBilinearly() {
        float[] columns = new float[IMAGE_BYTES]; // value = column index: bilinear is exact on it
        for (int p = 0; p < IMAGE_BYTES; p++) {
            columns[p] = p % 32;
        }
        float[] dst = new float[IMAGE_BYTES];

        PixelOps.rotate(columns, dst, 10);

        // (16, 16) samples x = 15.5 + cos(10°)·0.5 - sin(10°)·0.5 = 15.905579
        assertThat(at(dst, 0, 16, 16)).isCloseTo(15.905579f, within(1e-4f));
        // (y 20, x 10) samples x = 15.5 + cos(10°)·(-5.5) - sin(10°)·4.5 = 9.302141
        assertThat(at(dst, 1, 20, 10)).isCloseTo(9.302141f, within(1e-4f));
    }

    @Test
    void rotationReflectsAtTheBorderWithoutRepeatingTheEdge() {
        float[] rows = new float[IMAGE_BYTES]; // value = row index
        for (int p = 0; p < IMAGE_BYTES; p++) {
            rows[p] = (p % PLANE) / 32;
        }
        float[] dst = new float[IMAGE_BYTES];

        PixelOps.rotate(rows, dst, 45);

        // (0, 0) samples row 15.5 - 15.5·√2 = -6.420310, between rows -7 and -6, which mirror
        // to rows 7 and 6: 7 - 0.579690 = 6.420310. (Clamping would give 0; plain reflection 5.92.)
        assertThat(at(dst, 0, 0, 0)).isCloseTo(6.420310f, within(1e-3f));
    }

    @Test
    void reflect101MirrorsAroundTheEdgePixels() {
        assertThat(PixelOps.reflect101(-1)).isEqualTo(1);
        assertThat(PixelOps.reflect101(-7)).isEqualTo(7);
        assertThat(PixelOps.reflect101(0)).isEqualTo(0);
        assertThat(PixelOps.reflect101(31)).isEqualTo(31);
        assertThat(PixelOps.reflect101(32)).isEqualTo(30);
        assertThat(PixelOps.reflect101(33)).isEqualTo(29);
    }

    @Test
    void cutoutFillsAClippedSquareWithTheMean() {
        Normalization normalization = Normalization.CIFAR10;
        float[] image = numbered();

        PixelOps.cutout(image, 0, 0, 16, normalization); // rows and columns -8..7, clipped to 0..7

        for (int c = 0; c < 3; c++) {
            float mean = normalization.meanPixel(c);
            assertThat(at(image, c, 0, 0)).isEqualTo(mean);
            assertThat(at(image, c, 7, 7)).isEqualTo(mean);
            assertThat(at(image, c, 8, 7)).isEqualTo(1000 * c + 8 * 32 + 7 + 1);
            assertThat(at(image, c, 7, 8)).isEqualTo(1000 * c + 7 * 32 + 8 + 1);
        }
        assertThat(normalization.meanPixel(0)).isCloseTo(0.4914f * 255, within(1e-4f));
    }

    @Test
    void cutoutOfOddSizeIsCentredAndClippedAtTheFarBorder() {
        float[] image = numbered();
        PixelOps.cutout(image, 10, 30, 5, Normalization.CIFAR10); // rows 8..12, columns 28..32 -> 28..31
        float mean = Normalization.CIFAR10.meanPixel(0);

        assertThat(at(image, 0, 8, 28)).isEqualTo(mean);
        assertThat(at(image, 0, 12, 31)).isEqualTo(mean);
        assertThat(at(image, 0, 7, 28)).isEqualTo(7 * 32 + 28 + 1);
        assertThat(at(image, 0, 13, 28)).isEqualTo(13 * 32 + 28 + 1);
        assertThat(at(image, 0, 10, 27)).isEqualTo(10 * 32 + 27 + 1);
    }

    @Test
    void normalizeUsesPerChannelMeanAndStd() {
        Normalization normalization = new Normalization(new float[] {0.5f, 0.25f, 0f}, new float[] {0.25f, 0.5f, 1f});
        float[] image = new float[IMAGE_BYTES];
        image[0] = 255;
        image[PLANE] = 0;
        image[2 * PLANE] = 51;
        image[2 * PLANE + 1] = 255;
        float[] out = new float[IMAGE_BYTES + 3];

        PixelOps.normalize(image, 0, out, 3, normalization);

        assertThat(out[3]).isCloseTo(2f, within(1e-6f)); // (1 - 0.5) / 0.25
        assertThat(out[3 + 1]).isCloseTo(-2f, within(1e-6f)); // (0 - 0.5) / 0.25
        assertThat(out[3 + PLANE]).isCloseTo(-0.5f, within(1e-6f)); // (0 - 0.25) / 0.5
        assertThat(out[3 + 2 * PLANE]).isCloseTo(0.2f, within(1e-6f)); // 51/255
        assertThat(out[3 + 2 * PLANE + 1]).isCloseTo(1f, within(1e-6f));
    }

    @Test
    void theCutoutFillNormalizesToExactlyZero() {
        float[] image = numbered();
        float[] out = new float[IMAGE_BYTES];

        PixelOps.cutout(image, 16, 16, 4, Normalization.CIFAR10);
        PixelOps.normalize(image, 0, out, 0, Normalization.CIFAR10);

        for (int c = 0; c < 3; c++) {
            assertThat(at(out, c, 16, 16)).isEqualTo(0f);
        }
    }
}
