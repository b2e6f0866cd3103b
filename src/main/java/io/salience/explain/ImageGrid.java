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
    private static final int TITLE_LINE = 20;
    /** A title narrower grids still show whole: it wraps at this width, or at the grid's when wider. */
    private static final int MIN_TITLE_WIDTH = 480;
    private static final Font FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Font TITLE_FONT = FONT.deriveFont(Font.BOLD, 15f);

    private ImageGrid() {}

    /** The title's lines, broken between words to fit {@code width} (a word longer than that stays whole). */
    static List<String> wrap(String title, FontMetrics metrics, int width) {
        List<String> lines = new java.util.ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : title.split(" ")) {
            String candidate = line.isEmpty() ? word : line + " " + word;
            if (!line.isEmpty() && metrics.stringWidth(candidate) > width) {
                lines.add(line.toString());
                line = new StringBuilder(word);
            } else {
                line = new StringBuilder(candidate);
            }
        }
        if (!line.isEmpty()) {
            lines.add(line.toString());
        }
        return lines;
    }

    private static FontMetrics metrics(Font font) {
        Graphics2D g = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        try {
            return g.getFontMetrics(font);
        } finally {
            g.dispose();
        }
    }

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
        int gridWidth = cols * (cellWidth + GAP) + GAP;
        int width = title == null ? gridWidth : Math.max(gridWidth, MIN_TITLE_WIDTH + 2 * GAP);
        List<String> titleLines = title == null ? List.of() : wrap(title, metrics(TITLE_FONT), width - 2 * GAP);
        int titleHeight = titleLines.isEmpty() ? 0 : titleLines.size() * TITLE_LINE + 8;
        int cellTotalHeight = cellHeight + lines * LINE + GAP;
        BufferedImage out = new BufferedImage(width, titleHeight + (tiles.isEmpty() ? 0 : rows * cellTotalHeight) + GAP,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            g.setColor(Color.BLACK);
            g.setFont(TITLE_FONT);
            for (int l = 0; l < titleLines.size(); l++) {
                g.drawString(titleLines.get(l), GAP, (l + 1) * TITLE_LINE);
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
