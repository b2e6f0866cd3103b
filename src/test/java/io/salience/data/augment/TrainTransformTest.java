package io.salience.data.augment;

import static io.salience.data.ImageSplit.IMAGE_BYTES;
import static io.salience.data.ImageSplit.PLANE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.salience.data.Normalization;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TrainTransformTest {

    private static final Normalization UNIT = new Normalization(new float[] {0, 0, 0}, new float[] {1, 1, 1});

    /** Two images; pixel p of image i is (p + 3i) mod 256. */
    private static byte[] twoImages() {
        byte[] pixels = new byte[2 * IMAGE_BYTES];
        for (int p = 0; p < pixels.length; p++) {
            pixels[p] = (byte) (p % IMAGE_BYTES + 3 * (p / IMAGE_BYTES));
        }
        return pixels;
    }

    @Test
    void drawsCropOffsetsAnglesAndCutoutCentresInTheirRanges() {
        TrainTransform transform = new TrainTransform(AugmentationSettings.DEFAULTS, UNIT);
        SplittableRandom random = new SplittableRandom(7);
        Set<Integer> offsets = new HashSet<>();
        Set<Integer> centres = new HashSet<>();
        double minDegrees = 0;
        double maxDegrees = 0;
        for (int i = 0; i < 20_000; i++) {
            TrainTransform.Draw draw = transform.draw(random);
            offsets.add(draw.cropDy());
            offsets.add(draw.cropDx());
            centres.add(draw.cutoutY());
            centres.add(draw.cutoutX());
            minDegrees = Math.min(minDegrees, draw.degrees());
            maxDegrees = Math.max(maxDegrees, draw.degrees());
        }

        assertThat(offsets).isEqualTo(IntStream.rangeClosed(0, 8).boxed().collect(Collectors.toSet()));
        assertThat(centres).isEqualTo(IntStream.range(0, 32).boxed().collect(Collectors.toSet()));
        assertThat(minDegrees).isBetween(-5.0, -4.9);
        assertThat(maxDegrees).isBetween(4.9, 5.0);
    }

    @Test
    void withoutAugmentationItOnlyNormalizesLikeTheEvalTransform() {
        byte[] pixels = twoImages();
        float[] train = new float[IMAGE_BYTES];
        float[] eval = new float[IMAGE_BYTES];

        new TrainTransform(AugmentationSettings.NONE, Normalization.CIFAR10)
                .apply(pixels, IMAGE_BYTES, train, 0, new SplittableRandom(1));
        new EvalTransform(Normalization.CIFAR10).apply(pixels, IMAGE_BYTES, eval, 0, null);

        assertThat(train).containsExactly(eval);
        // pixel 0 of image 1 is 3: (3/255 - 0.4914) / 0.2470
        assertThat(eval[0]).isCloseTo((3 / 255f - 0.4914f) / 0.2470f, within(1e-5f));
        assertThat(eval[2 * PLANE + 1]).isCloseTo(((2 * PLANE + 1 + 3) % 256 / 255f - 0.4465f) / 0.2616f, within(1e-5f));
    }

    @Test
    void appliesCropThenRotationThenCutoutThenNormalization() {
        byte[] pixels = twoImages();
        AugmentationSettings settings = new AugmentationSettings(true, 90, 4);
        float[] out = new float[2 * IMAGE_BYTES];

        // Crop by one row down (dy = 5), rotate 90° CCW, cut out rows/columns 0..1 at the top left.
        new TrainTransform(settings, UNIT).apply(pixels, 0, out, IMAGE_BYTES, new TrainTransform.Draw(5, 4, 90, 0, 0));

        // With UNIT normalization outputs are v/255. dst(y, x) = cropped(x, 31 - y) = src(x + 1, 31 - y).
        assertThat(out[IMAGE_BYTES + 0 * 32 + 5] * 255).isCloseTo(((5 + 1) * 32 + 31) % 256, within(1e-2f)); // (0, 5)
        assertThat(out[IMAGE_BYTES + 2 * 32 + 0] * 255).isCloseTo((1 * 32 + 29) % 256, within(1e-2f)); // (2, 0)
        assertThat(out[IMAGE_BYTES + 10 * 32 + 31] * 255).isCloseTo(0f, within(1e-2f)); // src row 32: zero padding
        assertThat(out[IMAGE_BYTES + 1 * 32 + 1]).isEqualTo(0f); // cut out (mean 0)
        assertThat(Arrays.copyOfRange(out, 0, IMAGE_BYTES)).containsOnly(0f); // nothing before outOffset
    }

    @Test
    void theSameRandomGivesTheSameSample() {
        byte[] pixels = twoImages();
        TrainTransform transform = new TrainTransform(AugmentationSettings.DEFAULTS, Normalization.CIFAR10);
        float[] first = new float[IMAGE_BYTES];
        float[] again = new float[IMAGE_BYTES];
        float[] other = new float[IMAGE_BYTES];

        transform.apply(pixels, 0, first, 0, new SplittableRandom(11));
        transform.apply(pixels, 0, again, 0, new SplittableRandom(11));
        transform.apply(pixels, 0, other, 0, new SplittableRandom(12));

        assertThat(again).containsExactly(first);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void summaryNamesTheSteps() {
        assertThat(AugmentationSettings.DEFAULTS.summary()).isEqualTo("randomCrop+rotate5+cutout16");
        assertThat(AugmentationSettings.NONE.summary()).isEqualTo("none");
        assertThat(new AugmentationSettings(false, 2.5, 0).summary()).isEqualTo("rotate2.5");
        assertThat(new AugmentationSettings(true, 0, 8, 2).summary()).isEqualTo("randomCrop+cutout8+fromEpoch2");
        assertThat(new AugmentationSettings(false, 0, 0, 3).summary()).isEqualTo("none");
        assertThat(new AugmentationSettings(true, 5, 16, null).startEpoch()).isEqualTo(1);
        assertThat(new AugmentationSettings(true, 5, 16, 2).augments(1)).isFalse();
        assertThat(new AugmentationSettings(true, 5, 16, 2).augments(2)).isTrue();
        assertThatThrownBy(() -> new AugmentationSettings(true, 5, 16, 0)).hasMessageContaining("startEpoch");
    }
}
