package io.salience.jobs;

import io.salience.checkpoints.CheckpointKind;
import io.salience.checkpoints.CheckpointService;
import io.salience.training.CheckpointFiles;
import io.salience.training.EpochResult;
import io.salience.training.StepRecord;
import io.salience.training.TrainingListener;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Writes what a finished epoch leaves behind in one transaction. */
@Service
public class JobRecords {

    private final TrainingJobRepository jobs;
    private final EpochMetricRepository metrics;
    private final CheckpointService checkpoints;
    private final StepMetricRepository steps;

    public JobRecords(TrainingJobRepository jobs, EpochMetricRepository metrics, CheckpointService checkpoints,
            StepMetricRepository steps) {
        this.jobs = jobs;
        this.metrics = metrics;
        this.checkpoints = checkpoints;
        this.steps = steps;
    }

    /**
     * Stores logged steps in one batched insert. Rows from the first of them on are replaced: a
     * run resumed after a crash logs the steps of its unfinished epoch again.
     */
    @Transactional
    public void stepsLogged(long jobId, List<StepRecord> logged) {
        if (logged.isEmpty()) {
            return;
        }
        steps.deleteFrom(jobId, logged.get(0).step());
        steps.saveAll(logged.stream().map(s -> new StepMetric(jobId, s.step(), s.epoch(), s.loss(), s.learningRate(),
                Double.isNaN(s.gradientNorm()) ? null : s.gradientNorm())).toList());
    }

    /**
     * Stores the epoch's metrics (re-storing earlier ones too, in case a crash came between a
     * checkpoint and its records), the checkpoint rows with the test images their weights get
     * wrong, and the job's progress.
     */
    @Transactional
    public void epochFinished(long jobId, String owner, int epochs, TrainingListener.EpochEnd end) {
        EpochResult result = end.result();
        CheckpointFiles.Written files = end.files();
        Instant now = Instant.now();
        if (jobs.updateEpochs(jobId, owner, result.epoch(), (double) result.epoch() / epochs, end.nextLearningRate(),
                end.bestAccuracy(), now) == 0) {
            throw new LostJobException(jobId, owner);
        }
        storeMetrics(jobId, end.history(), result.epoch());
        // The epoch's evaluation already knows what the written weights get wrong: recording it
        // here means a checkpoint row never exists without its mistakes, and nobody evaluates again.
        long last = checkpoints.recordFile(jobId, CheckpointKind.LAST, result.epoch(), result.testAccuracy(),
                result.testLoss(), files.lastSize(), now).getId();
        checkpoints.recordMistakes(last, result.epoch(), end.mistakes());
        if (files.best() != null) {
            long best = checkpoints.recordFile(jobId, CheckpointKind.BEST, result.epoch(), result.testAccuracy(),
                    result.testLoss(), files.bestSize(), now).getId();
            checkpoints.recordMistakes(best, result.epoch(), end.mistakes());
        }
    }

    /** Stores the epochs of {@code history} not stored yet, and epoch {@code current} anew. */
    private void storeMetrics(long jobId, List<EpochResult> history, int current) {
        List<Integer> stored = metrics.findByJobIdOrderByEpochAsc(jobId).stream().map(EpochMetric::getEpoch).toList();
        for (EpochResult r : history) {
            if (r.epoch() == current || !stored.contains(r.epoch())) {
                metrics.deleteEpoch(jobId, r.epoch());
                metrics.save(new EpochMetric(jobId, r.epoch(), r.trainLoss(), r.trainAccuracy(), r.testLoss(),
                        r.testAccuracy(), r.learningRate(), r.durationSeconds()));
            }
        }
    }

    /**
     * Brings a resumed job's records up to its files: a crash between an epoch's checkpoint files
     * and their records left the job's progress, metrics and checkpoint rows an epoch behind (for
     * the last epoch, for good: no later epoch rewrites them). Rows that change lose their mistakes,
     * which are recorded again when first asked for, by evaluating the file.
     */
    @Transactional
    public void resumed(long jobId, String owner, int epochs, TrainingListener.Resumed files) {
        int epoch = files.last().epoch();
        Instant now = Instant.now();
        TrainingJob job = jobs.findById(jobId).orElseThrow(() -> new LostJobException(jobId, owner));
        if (job.getEpochsCompleted() < epoch) {
            if (jobs.updateEpochs(jobId, owner, epoch, (double) epoch / epochs, files.nextLearningRate(),
                    files.bestAccuracy(), now) == 0) {
                throw new LostJobException(jobId, owner);
            }
            storeMetrics(jobId, files.history(), -1);
        }
        if (checkpoints.find(jobId, CheckpointKind.LAST).map(c -> c.getEpoch() != epoch).orElse(true)) {
            checkpoints.recordFile(jobId, CheckpointKind.LAST, epoch, files.last().testAccuracy(),
                    files.last().testLoss(), files.lastSize(), now);
        }
        CheckpointFiles.Header best = files.best();
        if (best != null && checkpoints.find(jobId, CheckpointKind.BEST).map(c -> c.getEpoch() != best.epoch())
                .orElse(true)) {
            checkpoints.recordFile(jobId, CheckpointKind.BEST, best.epoch(), best.testAccuracy(), best.testLoss(),
                    files.bestSize(), now);
        }
    }
}
