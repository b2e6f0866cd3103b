package io.salience.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.text.DecimalFormat;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The reference's training plots: loss and accuracy per epoch, train and test, side by side, and
 * below them the training loss of the logged optimizer steps on a log scale, where a start-up
 * spike (or its absence) shows.
 */
public final class MetricsChart {

    /** One epoch's values; accuracies are fractions in [0, 1]. */
    public record Point(int epoch, double trainLoss, double testLoss, double trainAccuracy, double testAccuracy) {}

    /** One logged optimizer step's training loss. */
    public record Step(long step, double loss) {}

    private static final int PANEL_WIDTH = 600;
    private static final int HEIGHT = 420;
    private static final int STEP_HEIGHT = 320;

    private MetricsChart() {}

    public static BufferedImage render(String title, List<Point> points, List<Step> steps) {
        XYSeries trainLoss = new XYSeries("train loss");
        XYSeries testLoss = new XYSeries("test loss");
        XYSeries trainAcc = new XYSeries("train accuracy");
        XYSeries testAcc = new XYSeries("test accuracy");
        for (Point p : points) {
            trainLoss.add(p.epoch(), p.trainLoss());
            testLoss.add(p.epoch(), p.testLoss());
            trainAcc.add(p.epoch(), 100 * p.trainAccuracy());
            testAcc.add(p.epoch(), 100 * p.testAccuracy());
        }
        JFreeChart loss = chart("Loss", "cross-entropy", trainLoss, testLoss);
        JFreeChart accuracy = chart("Accuracy", "accuracy (%)", trainAcc, testAcc);

        JFreeChart perStep = stepChart(steps);

        BufferedImage image = new BufferedImage(2 * PANEL_WIDTH, HEIGHT + 40 + STEP_HEIGHT, BufferedImage.TYPE_INT_RGB);
        var g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            TextTitle heading = new TextTitle(title);
            heading.draw(g, new java.awt.geom.Rectangle2D.Double(0, 5, image.getWidth(), 30));
            loss.draw(g, new java.awt.geom.Rectangle2D.Double(0, 40, PANEL_WIDTH, HEIGHT));
            accuracy.draw(g, new java.awt.geom.Rectangle2D.Double(PANEL_WIDTH, 40, PANEL_WIDTH, HEIGHT));
            perStep.draw(g, new java.awt.geom.Rectangle2D.Double(0, 40 + HEIGHT, 2 * PANEL_WIDTH, STEP_HEIGHT));
        } finally {
            g.dispose();
        }
        return image;
    }

    private static JFreeChart stepChart(List<Step> steps) {
        XYSeries loss = new XYSeries("training loss per step");
        for (Step s : steps) {
            // A log axis cannot show zero or less; such a loss cannot come from cross-entropy anyway.
            if (s.loss() > 0 && Double.isFinite(s.loss())) {
                loss.add(s.step(), s.loss());
            }
        }
        JFreeChart chart = ChartFactory.createXYLineChart("Training loss per step", "optimizer step",
                "cross-entropy (log scale)", new XYSeriesCollection(loss), PlotOrientation.VERTICAL, false, false,
                false);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        ((NumberAxis) plot.getDomainAxis()).setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        if (loss.getItemCount() > 0) {
            LogAxis axis = new LogAxis("cross-entropy (log scale)");
            axis.setSmallestValue(1e-4);
            axis.setStandardTickUnits(NumberAxis.createStandardTickUnits());
            // Plain values ("2.3") rather than powers of ten ("10^0.36") on the log scale.
            axis.setNumberFormatOverride(new DecimalFormat("0.###"));
            plot.setRangeAxis(axis);
        }
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        renderer.setSeriesPaint(0, new Color(44, 160, 44));
        renderer.setSeriesStroke(0, new BasicStroke(1.5f));
        plot.setRenderer(renderer);
        return chart;
    }

    private static JFreeChart chart(String title, String yLabel, XYSeries train, XYSeries test) {
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(train);
        data.addSeries(test);
        JFreeChart chart = ChartFactory.createXYLineChart(title, "epoch", yLabel, data, PlotOrientation.VERTICAL,
                true, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        ((NumberAxis) plot.getDomainAxis()).setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        ((NumberAxis) plot.getRangeAxis()).setAutoRangeIncludesZero(false);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        renderer.setSeriesPaint(0, new Color(31, 119, 180));
        renderer.setSeriesPaint(1, new Color(255, 127, 14));
        renderer.setSeriesStroke(0, new BasicStroke(2f));
        renderer.setSeriesStroke(1, new BasicStroke(2f));
        plot.setRenderer(renderer);
        return chart;
    }
}
