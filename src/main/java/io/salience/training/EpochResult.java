package io.salience.training;

/**
 * The metrics of one finished epoch (1-based). Losses are mean cross-entropy per image,
 * accuracies fractions in [0, 1]; {@code learningRate} is the schedule's rate at the epoch's first step,
 * before warm-up (the epoch's only rate under ReduceLROnPlateau).
 */
public record EpochResult(
        int epoch,
        double trainLoss,
        double trainAccuracy,
        double testLoss,
        double testAccuracy,
        double learningRate,
        double durationSeconds) {}
