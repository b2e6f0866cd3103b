package io.salience.charts;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.List;

/** An annotated confusion-matrix heatmap: rows are true classes, columns predictions. */
public final class ConfusionMatrixChart {

    private static final int CELL = 56;
    private static final int LEFT = 110;
    private static final int TOP = 60;
    private static final int BOTTOM = 100;

    private ConfusionMatrixChart() {}

    public static BufferedImage render(String title, List<String> labels, long[][] counts) {
        int n = labels.size();
        BufferedImage image = new BufferedImage(LEFT + n * CELL + 20, TOP + n * CELL + BOTTOM, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
            g.drawString(title, 10, 22);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            FontMetrics metrics = g.getFontMetrics();
            g.drawString("true class \u2193   predicted class \u2192", 10, 44);
            for (int t = 0; t < n; t++) {
                long rowSum = 0;
                for (long c : counts[t]) {
                    rowSum += c;
                }
                for (int p = 0; p < n; p++) {
                    double share = rowSum == 0 ? 0 : (double) counts[t][p] / rowSum;
                    int shade = (int) Math.round(255 * (1 - share));
                    g.setColor(new Color(shade, shade, 255));
                    int x = LEFT + p * CELL;
                    int y = TOP + t * CELL;
                    g.fillRect(x, y, CELL, CELL);
                    g.setColor(Color.GRAY);
                    g.drawRect(x, y, CELL, CELL);
                    g.setColor(share > 0.5 ? Color.WHITE : Color.BLACK);
                    String text = Long.toString(counts[t][p]);
                    g.drawString(text, x + (CELL - metrics.stringWidth(text)) / 2, y + CELL / 2 + 5);
                }
                g.setColor(Color.BLACK);
                g.drawString(labels.get(t), LEFT - 8 - metrics.stringWidth(labels.get(t)), TOP + t * CELL + CELL / 2 + 5);
            }
            AffineTransform straight = g.getTransform();
            for (int p = 0; p < n; p++) {
                g.setTransform(straight);
                g.translate(LEFT + p * CELL + CELL / 2 + 4, TOP + n * CELL + 8);
                g.rotate(Math.PI / 2);
                g.drawString(labels.get(p), 0, 0);
            }
            g.setTransform(straight);
        } finally {
            g.dispose();
        }
        return image;
    }
}
