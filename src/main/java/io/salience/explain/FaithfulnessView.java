package io.salience.explain;

import io.salience.explain.faithfulness.FaithfulnessMetrics;

/**
 * How faithful one image's map is, next to a random map's scores computed the same way (same
 * perturbation noise): see {@link FaithfulnessMetrics} for the definitions.
 *
 * @param probability the target's softmax probability on the untouched image
 * @param percentiles the removal percentages of {@code morf} and {@code lerf}
 */
public record FaithfulnessView(long checkpointId, int imageId, String method, String layer, String smooth,
        int targetClass, String targetLabel, double probability, int[] percentiles, Metrics map, Metrics random) {

    /**
     * @param morf probability drop with the p% most relevant pixels imputed
     * @param lerf probability drop with the p% least relevant pixels imputed
     * @param road mean of (morf - lerf) / 2: higher is more faithful
     * @param deletion probability with 0%, 10%, .., 90% of the most relevant pixels imputed
     * @param deletionAuc mean height of {@code deletion}: lower is more faithful
     * @param insertion probability with 0%, 10%, .., 100% of the most relevant pixels shown on a blurred copy
     * @param insertionAuc mean height of {@code insertion}: higher is more faithful
     */
    public record Metrics(double[] morf, double[] lerf, double road, double[] deletion, double deletionAuc,
            double[] insertion, double insertionAuc) {

        static Metrics of(FaithfulnessMetrics.Scores s) {
            return new Metrics(s.morf(), s.lerf(), s.road(), s.deletion(), s.deletionAuc(), s.insertion(),
                    s.insertionAuc());
        }
    }
}
