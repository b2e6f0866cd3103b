package io.salience.explain.faithfulness;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * How faithful a map is to the model, from perturbations of the image (no gradients):
 * <ul>
 *   <li>MoRF and LeRF (ROAD, Rong et al., 2022; pytorch-grad-cam's {@code metrics/road.py}): the
 *       drop of the target's softmax probability when the p% most (least) relevant pixels are
 *       replaced by noisy linear imputation, p = 10..90. A faithful map has large MoRF drops and
 *       small LeRF drops; {@code road} = mean over p of (MoRF - LeRF) / 2, higher is better.
 *   <li>Deletion and insertion AUC (Petsiuk et al., 2018): the area under the target probability
 *       as the most relevant pixels are removed (the MoRF images, fractions 0..0.9; lower is
 *       better) or revealed on a blurred copy of the image (fractions 0..1; higher is better),
 *       each divided by its fraction range.
 * </ul>
 * Pixels of equal relevance are ordered by a seeded shuffle, so the flat parts of a map do not
 * favour one corner; the same seed gives the same noise, so two maps of one image are compared
 * under the same perturbations.
 */
public final class FaithfulnessMetrics {

    public static final int[] PERCENTILES = {10, 20, 30, 40, 50, 60, 70, 80, 90};
    /** Insertion fractions 0, 0.1, ..., 1. */
    public static final int INSERTION_STEPS = 10;

    private FaithfulnessMetrics() {}

    /** The target class's softmax probability for each of {@code count} normalized images. */
    @FunctionalInterface
    public interface Scorer {
        double[] probabilities(float[] images, int count);
    }

    /**
     * @param morf drop at each of {@link #PERCENTILES} removing the most relevant first
     * @param lerf drop removing the least relevant first
     * @param deletion probability at fractions 0, 0.1, .., 0.9 removed (most relevant first)
     * @param insertion probability at fractions 0, 0.1, .., 1 revealed on the blurred image
     */
    public record Scores(double probability, double[] morf, double[] lerf, double road, double[] deletion,
            double deletionAuc, double[] insertion, double insertionAuc) {}

    /**
     * @param image one normalized image, planar CHW ({@code channels * side * side})
     * @param map relevance of each pixel, row-major {@code side * side}; only its order matters
     * @param blurred the image blurred, insertion's canvas
     */
    public static Scores evaluate(float[] image, float[] map, float[] blurred, int channels, int side, Scorer scorer,
            long seed) {
        int area = side * side;
        int[] order = mostRelevantFirst(map, new Random(seed));
        Random noise = new Random(seed ^ 0x5DEECE66DL);
        List<float[]> batch = new ArrayList<>();
        batch.add(image);
        for (int p : PERCENTILES) {
            batch.add(NoisyLinearImputer.impute(image, channels, side, first(order, count(p, area), true, area), noise));
        }
        for (int p : PERCENTILES) {
            batch.add(NoisyLinearImputer.impute(image, channels, side, first(order, count(p, area), false, area), noise));
        }
        for (int s = 0; s <= INSERTION_STEPS; s++) {
            boolean[] revealed = first(order, Math.round((float) s * area / INSERTION_STEPS), true, area);
            float[] canvas = blurred.clone();
            for (int c = 0; c < channels; c++) {
                for (int q = 0; q < area; q++) {
                    if (revealed[q]) {
                        canvas[c * area + q] = image[c * area + q];
                    }
                }
            }
            batch.add(canvas);
        }
        float[] all = new float[batch.size() * image.length];
        for (int i = 0; i < batch.size(); i++) {
            System.arraycopy(batch.get(i), 0, all, i * image.length, image.length);
        }
        double[] p = scorer.probabilities(all, batch.size());
        int n = PERCENTILES.length;
        double[] morf = new double[n];
        double[] lerf = new double[n];
        double[] deletion = new double[n + 1];
        deletion[0] = p[0];
        double road = 0;
        for (int i = 0; i < n; i++) {
            morf[i] = p[0] - p[1 + i];
            lerf[i] = p[0] - p[1 + n + i];
            deletion[i + 1] = p[1 + i];
            road += (morf[i] - lerf[i]) / 2 / n;
        }
        double[] insertion = Arrays.copyOfRange(p, 1 + 2 * n, p.length);
        return new Scores(p[0], morf, lerf, road, deletion, meanHeight(deletion), insertion, meanHeight(insertion));
    }

    /** Number of pixels in p percent of the image. */
    static int count(int percent, int area) {
        return Math.round(percent * area / 100f);
    }

    /** The trapezoid area under evenly spaced values over their span: their mean height. */
    static double meanHeight(double[] values) {
        double sum = 0;
        for (int i = 0; i + 1 < values.length; i++) {
            sum += (values[i] + values[i + 1]) / 2;
        }
        return sum / (values.length - 1);
    }

    /** Pixel indices by decreasing relevance; ties in a seeded random order. */
    static int[] mostRelevantFirst(float[] map, Random random) {
        Integer[] indices = new Integer[map.length];
        double[] tieBreak = new double[map.length];
        for (int i = 0; i < map.length; i++) {
            indices[i] = i;
            tieBreak[i] = random.nextDouble();
        }
        Arrays.sort(indices, Comparator.comparingDouble((Integer i) -> -map[i]).thenComparingDouble(i -> tieBreak[i]));
        return Arrays.stream(indices).mapToInt(Integer::intValue).toArray();
    }

    /** A mask of the first {@code count} pixels of the order (or of its last ones). */
    static boolean[] first(int[] order, int count, boolean fromTheTop, int area) {
        boolean[] mask = new boolean[area];
        for (int i = 0; i < count; i++) {
            mask[order[fromTheTop ? i : order.length - 1 - i]] = true;
        }
        return mask;
    }

    /** A map of uniform random relevance, the baseline every method should beat. */
    public static float[] randomMap(int area, long seed) {
        Random random = new Random(seed);
        float[] map = new float[area];
        for (int i = 0; i < area; i++) {
            map[i] = random.nextFloat();
        }
        return map;
    }
}
