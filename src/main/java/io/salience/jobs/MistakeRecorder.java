package io.salience.jobs;

import ai.djl.ndarray.NDManager;
import io.salience.checkpoints.Checkpoint;
import io.salience.checkpoints.CheckpointService;
import io.salience.data.DatasetRegistry;
import io.salience.data.ImageDataset;
import io.salience.data.ImageSplit;
import io.salience.engine.DjlRuntime;
import io.salience.errors.UnavailableException;
import io.salience.training.CheckpointFiles;
import io.salience.training.Evaluator;
import io.salience.training.TrainingSettings;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Knows which data a checkpoint belongs to, and makes sure its misclassified test images are
 * recorded. A job records them with each checkpoint row it writes, from the epoch's own
 * evaluation ({@link JobRecords}); a checkpoint without them (written by an older version, or a
 * row repaired after a crash) is evaluated the first time someone asks, on the explanation
 * executor, once even when many ask at the same moment.
 */
@Service
public class MistakeRecorder {

    private static final Logger log = LoggerFactory.getLogger(MistakeRecorder.class);

    private final CheckpointService checkpoints;
    private final JobService jobs;
    private final DatasetRegistry datasets;
    private final Evaluator evaluator;
    private final DjlRuntime runtime;
    private final Map<Long, Object> locks = new ConcurrentHashMap<>();

    public MistakeRecorder(CheckpointService checkpoints, JobService jobs, DatasetRegistry datasets,
            Evaluator evaluator, DjlRuntime runtime) {
        this.checkpoints = checkpoints;
        this.jobs = jobs;
        this.datasets = datasets;
        this.evaluator = evaluator;
        this.runtime = runtime;
    }

    /**
     * The checkpoint (404 if unknown) with its dataset and evaluated test images; for request
     * threads: a dataset not in memory yet is prepared in the background (503 + Retry-After).
     */
    public CheckpointScope scope(long checkpointId) {
        return scope(checkpoints.get(checkpointId), false);
    }

    private CheckpointScope scope(Checkpoint checkpoint) {
        return scope(checkpoint, true);
    }

    /** @param wait load the dataset on this thread if needed (background work only) */
    private CheckpointScope scope(Checkpoint checkpoint, boolean wait) {
        TrainingJob job = jobs.get(checkpoint.getJobId());
        TrainingSettings settings = jobs.settings(job);
        ImageDataset data = wait ? datasets.load(job.getDataset()) : datasets.ready(job.getDataset());
        ImageSplit test = settings.testLimit() == null ? data.test() : data.test().limit(settings.testLimit());
        return new CheckpointScope(checkpoint, data, test);
    }

    /**
     * The checkpoint's scope, its mistakes recorded (evaluating it now if nobody did yet). A LAST
     * checkpoint that its running job rewrites meanwhile is evaluated again, a few times at most.
     */
    public CheckpointScope ensureRecorded(long checkpointId) {
        for (int attempt = 0; attempt < 3; attempt++) {
            Checkpoint checkpoint = checkpoints.get(checkpointId);
            if (checkpoint.getMisclassifiedCount() != null) {
                return scope(checkpoint);
            }
            synchronized (locks.computeIfAbsent(checkpointId, id -> new Object())) {
                checkpoint = checkpoints.get(checkpointId);
                if (checkpoint.getMisclassifiedCount() == null) {
                    record(scope(checkpoint));
                }
            }
        }
        Checkpoint checkpoint = checkpoints.get(checkpointId);
        if (checkpoint.getMisclassifiedCount() == null) {
            throw new UnavailableException("checkpoint " + checkpointId + " is being rewritten by its running job "
                    + "faster than it can be evaluated; try again, or use the BEST checkpoint");
        }
        return scope(checkpoint);
    }

    /** Evaluates the checkpoint's file on its test images and stores every mistake. */
    void record(CheckpointScope scope) {
        Checkpoint checkpoint = scope.checkpoint();
        java.nio.file.Path file = checkpoints.file(checkpoint);
        try (NDManager manager = runtime.newManager()) {
            CheckpointFiles.Loaded loaded = CheckpointFiles.load(file, manager);
            int epoch = loaded.header().epoch();
            if (epoch != checkpoint.getEpoch()) {
                if (jobs.get(checkpoint.getJobId()).getStatus() == JobStatus.RUNNING) {
                    throw new UnavailableException("checkpoint " + checkpoint.getId()
                            + " is being rewritten by its running job; try again, or use the BEST checkpoint");
                }
                // A crash or failure came between writing the file and its row: the file is the truth.
                CheckpointFiles.Header h = loaded.header();
                checkpoints.repair(checkpoint.getId(), epoch, h.testAccuracy(), h.testLoss(), java.nio.file.Files.size(file));
                log.warn("checkpoint {}: its row said epoch {}, its file epoch {}; row repaired", checkpoint.getId(),
                        checkpoint.getEpoch(), epoch);
            }
            Evaluator.Evaluation evaluation = evaluator.evaluate(loaded.model(), manager, scope.evaluatedTest(),
                    scope.dataset().normalization());
            checkpoints.recordMistakes(checkpoint.getId(), epoch, evaluation.mistakes());
            log.info("checkpoint {} (job {}, {}, epoch {}) misclassifies {} of {} test images", checkpoint.getId(),
                    checkpoint.getJobId(), checkpoint.getKind(), epoch, evaluation.mistakes().size(),
                    scope.evaluatedTest().size());
        } catch (IOException e) {
            throw new UnavailableException("checkpoint " + checkpoint.getId() + " cannot be read: " + e.getMessage(), e);
        }
    }
}
