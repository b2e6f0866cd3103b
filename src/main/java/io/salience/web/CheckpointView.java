package io.salience.web;

import io.salience.checkpoints.Checkpoint;
import io.salience.checkpoints.CheckpointKind;
import java.time.Instant;

/** A checkpoint as the API shows it; {@code misclassifiedCount} is null until it was evaluated. */
public record CheckpointView(
        long id,
        long jobId,
        CheckpointKind kind,
        int epoch,
        double testAccuracy,
        double testLoss,
        long sizeBytes,
        Integer misclassifiedCount,
        Instant createdAt) {

    static CheckpointView of(Checkpoint c) {
        return new CheckpointView(c.getId(), c.getJobId(), c.getKind(), c.getEpoch(), c.getTestAccuracy(),
                c.getTestLoss(), c.getSizeBytes(), c.getMisclassifiedCount(), c.getCreatedAt());
    }
}
