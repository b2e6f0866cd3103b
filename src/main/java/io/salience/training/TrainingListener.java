package io.salience.training;

import java.io.IOException;

/** How a training run reports to whoever runs it, and learns that it should stop. */
public interface TrainingListener {

    /** Checked before every batch; true stops the run with {@link TrainingCancelledException}. */
    boolean cancelRequested();

    /**
     * After every batch: epoch (1-based), batches done and in all, throughput so far this epoch,
     * the rate the batch's step used, and the mean training loss of the epoch so far.
     */
    void onBatch(int epoch, int batchesDone, int batches, double imagesPerSecond, double learningRate,
            double runningLoss);

    /** Every {@code step-log-interval} optimizer steps (and the first): the per-step curve's points. */
    default void onStep(StepRecord step) {}

    /**
     * After an epoch's evaluation, just before its checkpoint files are written: the last moment
     * to stop a run that must not write them (one that another instance has taken over, say).
     */
    default void beforeCheckpoints(int epoch) {}

    /** After every epoch, once its checkpoint files are written. */
    void onEpoch(EpochEnd end) throws IOException;

    /**
     * When a run resumes from its LAST file, before it trains on: what the files hold. A crash
     * between writing an epoch's files and recording them leaves the records an epoch behind;
     * the receiver brings them up to the files (the last epoch of a run has no later epoch that
     * would).
     */
    default void onResumed(Resumed resumed) {}

    /**
     * What an epoch leaves behind.
     *
     * @param result the epoch's metrics
     * @param history every epoch's metrics so far, this one included (a resumed run repeats
     *     them, so the receiver can repair records a crash may have cut short)
     * @param files the LAST checkpoint, and the BEST one when this epoch improved on it
     * @param nextLearningRate the schedule's rate at the next epoch's first step, before warm-up
     * @param bestAccuracy the best test accuracy so far
     * @param mistakes the test images this epoch's weights (the files just written) get wrong, so
     *     that the checkpoints' mistakes are recorded with their rows, without a second evaluation
     */
    record EpochEnd(EpochResult result, java.util.List<EpochResult> history, CheckpointFiles.Written files,
            double nextLearningRate, double bestAccuracy, java.util.List<Evaluator.Mistake> mistakes) {}

    /**
     * The files a run resumes from.
     *
     * @param history every epoch's metrics up to the LAST file's epoch
     * @param last the LAST file's header (its epoch, test accuracy and loss) and size
     * @param best the BEST file's header and size, or null when there is none here
     * @param nextLearningRate the schedule's rate at the next epoch's first step, before warm-up
     * @param bestAccuracy the best test accuracy so far
     */
    record Resumed(java.util.List<EpochResult> history, CheckpointFiles.Header last, long lastSize,
            CheckpointFiles.Header best, long bestSize, double nextLearningRate, double bestAccuracy) {}
}
