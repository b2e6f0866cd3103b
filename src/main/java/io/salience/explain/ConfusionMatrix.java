package io.salience.explain;

import io.salience.checkpoints.Misclassification;
import io.salience.data.ImageSplit;
import java.util.Arrays;
import java.util.List;

/**
 * Counts of (true class, predicted class) over a checkpoint's evaluated test images, with
 * per-class precision and recall (null where a class was never predicted, or never present).
 */
public record ConfusionMatrix(List<String> labels, long[][] counts, Double[] precision, Double[] recall, long total,
        double accuracy) {

    /** Every test image not among the mistakes was classified correctly. */
    static ConfusionMatrix of(List<String> labels, ImageSplit test, List<Misclassification> mistakes) {
        int n = labels.size();
        long[][] counts = new long[n][n];
        for (int i = 0; i < test.size(); i++) {
            counts[test.label(i)][test.label(i)]++;
        }
        for (Misclassification m : mistakes) {
            counts[m.getTrueClass()][m.getTrueClass()]--;
            counts[m.getTrueClass()][m.getPredictedClass()]++;
        }
        Double[] precision = new Double[n];
        Double[] recall = new Double[n];
        long correct = 0;
        for (int c = 0; c < n; c++) {
            long predicted = 0;
            for (int t = 0; t < n; t++) {
                predicted += counts[t][c];
            }
            long actual = Arrays.stream(counts[c]).sum();
            precision[c] = predicted == 0 ? null : (double) counts[c][c] / predicted;
            recall[c] = actual == 0 ? null : (double) counts[c][c] / actual;
            correct += counts[c][c];
        }
        return new ConfusionMatrix(List.copyOf(labels), counts, precision, recall, test.size(),
                test.size() == 0 ? 0 : (double) correct / test.size());
    }
}
