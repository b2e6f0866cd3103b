package io.salience.explain;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageGridTest {

    private static final String LONG_TITLE = "Checkpoint 12 (job 3, BEST, epoch 40): explanations of test image 4711"
            + " (ROAD: faithfulness, higher is better; the random map's in brackets)";

    private static FontMetrics metrics() {
        Graphics2D g = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        try {
            return g.getFontMetrics(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        } finally {
            g.dispose();
        }
    }

    @Test
    void aLongTitleWrapsBetweenWordsAndLosesNone() {
        FontMetrics metrics = metrics();
        List<String> lines = ImageGrid.wrap(LONG_TITLE, metrics, 300);
        assertThat(lines.size()).isGreaterThan(1);
        assertThat(String.join(" ", lines)).isEqualTo(LONG_TITLE);
        assertThat(lines).allSatisfy(line -> assertThat(metrics.stringWidth(line)).isLessThanOrEqualTo(300));
        assertThat(ImageGrid.wrap("short", metrics, 300)).containsExactly("short");
    }

    /** A grid narrower than its title grows to a readable width and as many title lines as needed. */
    @Test
    void aNarrowOrEmptyGridShowsItsWholeTitle() {
        BufferedImage tile = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        BufferedImage one = ImageGrid.render(LONG_TITLE, List.of(new ImageGrid.Tile(List.of(tile), List.of("#1"))), 5);
        List<String> lines = ImageGrid.wrap(LONG_TITLE, metrics(), one.getWidth() - 16);
        assertThat(one.getWidth()).isGreaterThanOrEqualTo(480);
        assertThat(lines.size()).isGreaterThan(1);
        assertThat(one.getHeight()).isGreaterThan(lines.size() * 20 + 32);

        BufferedImage empty = ImageGrid.render("Checkpoint 6 (job 6, BEST, epoch 1): no misclassified test images to show",
                List.of(), 5);
        assertThat(empty.getWidth()).isGreaterThanOrEqualTo(480);
        assertThat(empty.getHeight()).isLessThan(100);
        assertThat(darkPixels(empty)).as("the title is drawn").isGreaterThan(100);
    }

    private static int darkPixels(BufferedImage image) {
        int dark = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xFF) < 128) {
                    dark++;
                }
            }
        }
        return dark;
    }
}
