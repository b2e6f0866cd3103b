package io.salience.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class NormalizationTest {

    @Test
    void computesPerChannelMeanAndStdOverAllPixels() {
        byte[] pixels = new byte[2 * ImageSplit.IMAGE_BYTES];
        int plane = ImageSplit.PLANE;
        // red: image 0 all 0, image 1 all 255 -> mean 0.5, std 0.5
        Arrays.fill(pixels, ImageSplit.IMAGE_BYTES, ImageSplit.IMAGE_BYTES + plane, (byte) 255);
        // green: 51 everywhere -> mean 0.2, std 0 (kept at 1/255 to stay finite)
        Arrays.fill(pixels, plane, 2 * plane, (byte) 51);
        Arrays.fill(pixels, ImageSplit.IMAGE_BYTES + plane, ImageSplit.IMAGE_BYTES + 2 * plane, (byte) 51);
        // blue: half the pixels of each image 0, half 102 -> mean 0.2, std 0.2
        for (int image = 0; image < 2; image++) {
            int start = image * ImageSplit.IMAGE_BYTES + 2 * plane;
            Arrays.fill(pixels, start, start + plane / 2, (byte) 102);
        }

        Normalization normalization = Normalization.of(new ImageSplit("train", pixels, new byte[2]));

        assertThat(normalization.mean()).containsExactly(new float[] {0.5f, 0.2f, 0.2f}, within(1e-6f));
        assertThat(normalization.std()).containsExactly(new float[] {0.5f, 1 / 255f, 0.2f}, within(1e-6f));
    }

    @Test
    void cifar10HasTheUsualStatistics() {
        assertThat(Normalization.CIFAR10.mean()).containsExactly(0.4914f, 0.4822f, 0.4465f);
        assertThat(Normalization.CIFAR10.std()).containsExactly(0.2470f, 0.2435f, 0.2616f);
    }

    @Test
    void isAValueWithCopiedArrays() {
        float[] mean = {0.1f, 0.2f, 0.3f};
        Normalization normalization = new Normalization(mean, new float[] {1, 1, 1});
        mean[0] = 0.9f;
        normalization.mean()[1] = 0.9f;

        assertThat(normalization.mean()).containsExactly(0.1f, 0.2f, 0.3f);
        assertThat(normalization).isEqualTo(new Normalization(new float[] {0.1f, 0.2f, 0.3f}, new float[] {1, 1, 1}));
        assertThat(normalization.hashCode())
                .isEqualTo(new Normalization(new float[] {0.1f, 0.2f, 0.3f}, new float[] {1, 1, 1}).hashCode());
    }

    @Test
    void rejectsWrongShapesAndZeroStd() {
        assertThatThrownBy(() -> new Normalization(new float[2], new float[] {1, 1, 1}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Normalization(new float[3], new float[] {1, 0, 1}))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
