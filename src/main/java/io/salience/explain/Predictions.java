package io.salience.explain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The top classes, most probable first; for a test image also its id and true class. */
public record Predictions(Integer imageId, Integer trueClass, String trueLabel, List<ClassProbability> predictions) {

    /** The {@code k} most probable of the softmax {@code p}. */
    static Predictions of(double[] p, List<String> labels, Integer imageId, Integer trueClass, int k) {
        List<ClassProbability> all = new ArrayList<>();
        for (int c = 0; c < p.length; c++) {
            all.add(new ClassProbability(c, labels.get(c), p[c]));
        }
        all.sort(Comparator.comparingDouble(ClassProbability::probability).reversed());
        return new Predictions(imageId, trueClass, trueClass == null ? null : labels.get(trueClass),
                List.copyOf(all.subList(0, Math.min(k, all.size()))));
    }
}
