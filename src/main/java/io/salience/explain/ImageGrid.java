package io.salience.explain;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/** Lays out captioned tiles in a grid, as in the reference's figures of misclassified images. */
public final class ImageGrid {

    /** One cell: one or more images side by side, and caption lines under them. */
    public record Tile(List<BufferedImage> images, List<String> caption) {}

    private static final int GAP = 8;
    private static final int LINE = 16;
    private static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

    private ImageGrid() {}

    public static BufferedImage render(String title, List<Tile> tiles, int columns) {
        int cellWidth = 0;
        int cellHeight = 0;
        int lines = 0;
        for (Tile t : tiles) {
            cellWidth = Math.max(cellWidth, t.images().stream().mapToInt(BufferedImage::getWidth).sum()
                    + GAP * (t.images().size() - 1));
            cellHeight = Math.max(cellHeight, t.images().stream().mapToInt(BufferedImage::getHeight).max().orElse(0));
            lines = Math.max(lines, t.caption().size());
        }
        cellWidth = Math.max(cellWidth, 150);
        int cols = Math.max(1, Math.min(columns, tiles.size()));
        int rows = Math.max(1, (tiles.size() + cols - 1) / cols);
        int titleHeight = title == null ? 0 : 28;
        int cellTotalHeight = cellHeight + lines * LINE + GAP;
        BufferedImage out = new BufferedImage(cols * (cellWidth + GAP) + GAP,
                titleHeight + rows * cellTotalHeight + GAP, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            g.setColor(Color.BLACK);
            if (title != null) {
                g.setFont(FONT.deriveFont(Font.BOLD, 15f));
                g.drawString(title, GAP, 20);
            }
            g.setFont(FONT);
            FontMetrics metrics = g.getFontMetrics();
            for (int i = 0; i < tiles.size(); i++) {
                Tile tile = tiles.get(i);
                int x = GAP + (i % cols) * (cellWidth + GAP);
                int y = titleHeight + GAP + (i / cols) * cellTotalHeight;
                int ix = x;
                for (BufferedImage image : tile.images()) {
                    g.drawImage(image, ix, y, null);
                    ix += image.getWidth() + GAP;
                }
                for (int l = 0; l < tile.caption().size(); l++) {
                    String text = tile.caption().get(l);
                    while (metrics.stringWidth(text) > cellWidth && text.length() > 4) {
                        text = text.substring(0, text.length() - 2) + "…";
                    }
                    g.drawString(text, x, y + cellHeight + (l + 1) * LINE - 3);
                }
            }
        } finally {
            g.dispose();
        }
        return out;
    }
}
