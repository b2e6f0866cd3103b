package io.salience.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A faithfulness report's curves: the mean drop of the target probability when the p% most
 * relevant (MoRF, left) and least relevant (LeRF, right) pixels are imputed, one line per method
 * and a dashed black line for the random map. Faithful maps lie above the random line on the left
 * and below it on the right.
 */
public final class FaithfulnessChart {

    /** One method's mean curves. */
    public record Series(String name, double[] morf, double[] lerf) {}

    private static final int PANEL_WIDTH = 600;
    private static final int HEIGHT = 460;
    private static final Color[] PALETTE = {new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44),
            new Color(214, 39, 40), new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194),
            new Color(127, 127, 127), new Color(188, 189, 34), new Color(23, 190, 207)};

    private FaithfulnessChart() {}

    public static BufferedImage render(String title, int[] percentiles, List<Series> series) {
        JFreeChart morf = chart("Most relevant first (higher: more faithful)", percentiles, series, true);
        JFreeChart lerf = chart("Least relevant first (lower: more faithful)", percentiles, series, false);
        BufferedImage image = new BufferedImage(2 * PANEL_WIDTH, HEIGHT + 40, BufferedImage.TYPE_INT_RGB);
        var g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            new TextTitle(title).draw(g, new java.awt.geom.Rectangle2D.Double(0, 5, image.getWidth(), 30));
            morf.draw(g, new java.awt.geom.Rectangle2D.Double(0, 40, PANEL_WIDTH, HEIGHT));
            lerf.draw(g, new java.awt.geom.Rectangle2D.Double(PANEL_WIDTH, 40, PANEL_WIDTH, HEIGHT));
        } finally {
            g.dispose();
        }
        return image;
    }

    private static JFreeChart chart(String title, int[] percentiles, List<Series> series, boolean mostRelevant) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (Series s : series) {
            XYSeries line = new XYSeries(s.name());
            double[] values = mostRelevant ? s.morf() : s.lerf();
            for (int i = 0; i < percentiles.length && i < values.length; i++) {
                line.add(percentiles[i], values[i]);
            }
            data.addSeries(line);
        }
        JFreeChart chart = ChartFactory.createXYLineChart(title, "pixels imputed (%)", "probability drop", data,
                PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        for (int i = 0; i < series.size(); i++) {
            boolean random = series.get(i).name().startsWith("random");
            renderer.setSeriesPaint(i, random ? Color.BLACK : PALETTE[i % PALETTE.length]);
            renderer.setSeriesStroke(i, random ? new BasicStroke(2.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[] {8f, 6f}, 0f) : new BasicStroke(2f));
        }
        plot.setRenderer(renderer);
        return chart;
    }
}
