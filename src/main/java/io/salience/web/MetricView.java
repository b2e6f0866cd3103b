package io.salience.web;

import io.salience.jobs.EpochMetric;

/** One epoch's metrics; accuracies are fractions in [0, 1]. */
public record MetricView(int epoch, double trainLoss, double trainAccuracy, double testLoss, double testAccuracy,
        double learningRate, double durationSeconds) {

    static MetricView of(EpochMetric m) {
        return new MetricView(m.getEpoch(), m.getTrainLoss(), m.getTrainAccuracy(), m.getTestLoss(),
                m.getTestAccuracy(), m.getLearningRate(), m.getDurationSeconds());
    }
}
