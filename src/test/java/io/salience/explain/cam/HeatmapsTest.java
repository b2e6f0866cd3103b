package io.salience.explain.cam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class HeatmapsTest {

    @Test
    void bilinearUpsamplingUsesHalfPixelCentres() {
        // 2x1 -> 4x1: output centres at 0.25, 0.75, 1.25, 1.75 in input pixels (clamped at 0 and 1).
        float[] up = Heatmaps.upsample(new float[] {0, 1}, 2, 1, 4, 1);
        assertThat(up).containsExactly(new float[] {0f, 0.25f, 0.75f, 1f}, within(1e-6f));
        float[] constant = Heatmaps.upsample(new float[] {3, 3, 3, 3}, 2, 2, 7, 5);
        assertThat(constant).containsOnly(3f);
    }

    @Test
    void scalingDividesByTheMaximum() {
        assertThat(Heatmaps.scaleByMax(new float[] {0, 2, 4})).containsExactly(0f, 0.5f, 1f);
    }

    @Test
    void jetRunsFromBlueThroughGreenToRed() {
        assertThat(Heatmaps.jet(0f)).isEqualTo(0x000080);
        assertThat(Heatmaps.jet(0.5f)).isEqualTo(0x80FF80);
        assertThat(Heatmaps.jet(1f)).isEqualTo(0x800000);
    }

    @Test
    void overlayBlendsWithAlpha() {
        BufferedImage white = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
        white.setRGB(0, 0, 0xFFFFFF);
        white.setRGB(1, 0, 0xFFFFFF);
        BufferedImage out = Heatmaps.overlay(white, new float[] {1f, 0f}, 0.5);
        // 0.5 * dark red (128,0,0) + 0.5 * white = (192, 128, 128); 0.5 * dark blue + white = (128,128,192).
        assertThat(out.getRGB(0, 0) & 0xFFFFFF).isEqualTo(0xC08080);
        assertThat(out.getRGB(1, 0) & 0xFFFFFF).isEqualTo(0x8080C0);
        assertThat(Heatmaps.overlay(white, new float[] {1f, 0f}, 0).getRGB(0, 0) & 0xFFFFFF).isEqualTo(0xFFFFFF);
    }
}
