package io.salience.reports;

import java.time.Instant;
import java.util.List;

/**
 * A report as the API shows it: state, progress and, per method, the mean scores over the images
 * done so far next to the random map's.
 *
 * @param progress work done / work total, work being images x methods
 */
public record ReportView(long id, long checkpointId, ReportStatus status, double progress, int workDone,
        int workTotal, ReportRequest request, Instant createdAt, Instant finishedAt, String error,
        int[] percentiles, List<MethodSummary> methods) {

    /** Means over a method's evaluated images; {@code random} is a random map's, same images, same noise. */
    public record MethodSummary(String method, int images, Scores map, Scores random, double beatsRandomOnRoad) {}

    /** @param road mean ROAD score (higher: more faithful) */
    public record Scores(double road, double deletionAuc, double insertionAuc, double[] morf, double[] lerf) {}
}
