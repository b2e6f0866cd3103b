package io.salience.jobs;

import io.salience.checkpoints.CheckpointKind;
import io.salience.checkpoints.CheckpointRepository;
import io.salience.checkpoints.CheckpointStorage;
import io.salience.data.DatasetRegistry;
import io.salience.data.ImageDataset;
import io.salience.engine.DjlRuntime;
import io.salience.training.Trainer;
import io.salience.training.StepRecord;
import io.salience.training.TrainingCancelledException;
import io.salience.training.TrainingListener;
import io.salience.training.TrainingSettings;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Trains one claimed job to its end: runs the {@link Trainer}, records each epoch (its metrics,
 * checkpoints and their misclassified test images), then the final status.
 */
@Component
public class JobExecution {

    private static final Logger log = LoggerFactory.getLogger(JobExecution.class);
    private static final long DB_PROGRESS_INTERVAL_NS = 1_000_000_000L;
    private static final long EVENT_INTERVAL_NS = 250_000_000L;
    private static final long CANCEL_POLL_INTERVAL_NS = 2_000_000_000L;

    private final TrainingJobRepository jobs;
    private final JobService jobService;
    private final JobRecords records;
    private final CheckpointRepository checkpointRows;
    private final CheckpointStorage storage;
    private final DatasetRegistry datasets;
    private final Trainer trainer;
    private final DjlRuntime runtime;
    private final RunningJobs running;
    private final JobEvents events;
    private final Timer epochDuration;
    private final AtomicReference<Double> imagesPerSecond = new AtomicReference<>(0.0);

    public JobExecution(TrainingJobRepository jobs, JobService jobService, JobRecords records,
            CheckpointRepository checkpointRows, CheckpointStorage storage, DatasetRegistry datasets, Trainer trainer,
            DjlRuntime runtime, RunningJobs running, JobEvents events, MeterRegistry meters) {
        this.jobs = jobs;
        this.jobService = jobService;
        this.records = records;
        this.checkpointRows = checkpointRows;
        this.storage = storage;
        this.datasets = datasets;
        this.trainer = trainer;
        this.runtime = runtime;
        this.running = running;
        this.events = events;
        this.epochDuration = Timer.builder("salience.training.epoch.duration")
                .description("wall time of a training epoch, test evaluation included").register(meters);
        Gauge.builder("salience.training.images.per.second", imagesPerSecond, AtomicReference::get)
                .description("training throughput of the job running on this instance (0 when idle)").register(meters);
    }

    /** Runs job {@code id}, which this instance ({@code owner}) has claimed; never throws. */
    void run(long id, String owner, BooleanSupplier shuttingDown) {
        AtomicBoolean cancelFlag = running.register(id);
        String name = "job " + id;
        Progress progress = null;
        try {
            TrainingJob job = jobService.get(id);
            TrainingSettings settings = jobService.settings(job);
            publishStatus(id);
            ImageDataset data = datasets.load(settings.dataset());
            log.info("{}: training on {} ({} train / {} test images) on {}", name, settings.dataset(),
                    settings.trainLimit() == null ? data.train().size() : settings.trainLimit(),
                    settings.testLimit() == null ? data.test().size() : settings.testLimit(), runtime.device());
            progress = new Progress(id, owner, settings, cancelFlag, shuttingDown);
            if (storage.remote() && checkpointRows.findByJobIdAndKind(id, CheckpointKind.LAST).isPresent()) {
                // Another instance trained it before: continue from the stored LAST checkpoint,
                // with the stored BEST one beside it to check the records against.
                storage.restore(id, CheckpointKind.LAST);
                if (checkpointRows.findByJobIdAndKind(id, CheckpointKind.BEST).isPresent()) {
                    storage.restore(id, CheckpointKind.BEST);
                }
            }
            trainer.run(name, settings, data, storage.file(id, CheckpointKind.LAST), storage.file(id, CheckpointKind.BEST),
                    progress);
            finish(id, owner, JobStatus.SUCCEEDED, null);
        } catch (LostJobException e) {
            log.warn("{}: {}; stopping without touching it", name, e.getMessage());
            endStreams(id);
        } catch (TrainingCancelledException e) {
            if (progress != null && progress.lost) {
                log.warn("{}: another instance runs it now (or it was deleted); stopped here", name);
                endStreams(id);
            } else if (shuttingDown.getAsBoolean()) {
                // Queued again at once: another instance (or this one, restarted) resumes it from LAST.
                saveLoggedSteps(progress);
                jobs.handBack(id, owner);
                log.info("{}: stopped by shutdown between two batches; handed back to the queue", name);
            } else {
                saveLoggedSteps(progress);
                finish(id, owner, JobStatus.CANCELLED, null);
            }
        } catch (Throwable e) {
            if (shuttingDown.getAsBoolean()) {
                // Its LAST checkpoint is whole (written atomically at an epoch's end): resume from there.
                jobs.handBack(id, owner);
                log.warn("{}: interrupted by shutdown ({}); handed back to the queue", name, e.toString());
            } else {
                // Errors too (out of memory, say): left RUNNING, the job would be retried forever.
                log.error("{} failed", name, e);
                saveLoggedSteps(progress);
                finish(id, owner, JobStatus.FAILED, describe(e));
            }
        } finally {
            running.unregister(id);
            imagesPerSecond.set(0.0);
        }
    }

    /** Keeps the steps a cancelled or failed job logged since its last progress write: they show why it failed. */
    private void saveLoggedSteps(Progress progress) {
        if (progress == null || progress.lost) {
            return;
        }
        try {
            progress.flushSteps();
        } catch (RuntimeException e) {
            log.warn("job {}: could not store its last logged steps: {}", progress.id, e.getMessage());
        }
    }

    private void finish(long id, String owner, JobStatus status, String error) {
        try {
            if (jobs.finish(id, owner, status, error, Instant.now()) == 1) {
                log.info("job {}: {}{}", id, status, error == null ? "" : " - " + error);
            } else {
                log.warn("job {}: not marked {}: it is no longer run by '{}'", id, status, owner);
            }
        } finally {
            endStreams(id);
        }
    }

    /** Tells this instance's subscribers the job's current status and closes their streams. */
    private void endStreams(long id) {
        publishStatus(id);
        events.complete(id);
    }

    private void publishStatus(long id) {
        jobs.findById(id).ifPresent(job -> events.publish(id, "status", Map.of("id", id, "status", job.getStatus(),
                "epochsCompleted", job.getEpochsCompleted(), "progress", job.getProgress())));
    }

    /** The largest error the job row holds (VARCHAR(4000)), with room for the mark of a cut. */
    static final int MAX_ERROR = 3990;

    /**
     * The failure as the job shows it, cut to fit its column: an engine error can carry a whole
     * native backtrace, and an error too long to store would leave the job RUNNING for ever.
     */
    static String describe(Throwable e) {
        String message = e.getMessage();
        String text = message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
        return text.length() <= MAX_ERROR ? text : text.substring(0, MAX_ERROR) + " […]";
    }

    /** Reports a job's training to the database and to event subscribers, throttled. */
    private final class Progress implements TrainingListener {
        private final long id;
        private final String owner;
        private final TrainingSettings settings;
        private final AtomicBoolean cancelFlag;
        private final BooleanSupplier shuttingDown;
        private long lastDbWrite;
        private long lastEvent;
        private long lastCancelPoll = System.nanoTime();
        /** Logged steps not yet stored; written with the next progress update or epoch. */
        private final List<StepRecord> pendingSteps = new ArrayList<>();
        /** Set when the progress update found the job owned by another instance (or gone). */
        volatile boolean lost;

        Progress(long id, String owner, TrainingSettings settings, AtomicBoolean cancelFlag,
                BooleanSupplier shuttingDown) {
            this.id = id;
            this.owner = owner;
            this.settings = settings;
            this.cancelFlag = cancelFlag;
            this.shuttingDown = shuttingDown;
        }

        @Override
        public boolean cancelRequested() {
            if (lost || cancelFlag.get() || shuttingDown.getAsBoolean()) {
                return true;
            }
            long now = System.nanoTime();
            if (now - lastCancelPoll > CANCEL_POLL_INTERVAL_NS) {
                // Another instance may have received the cancel request.
                lastCancelPoll = now;
                if (Boolean.TRUE.equals(jobs.isCancelRequested(id))) {
                    cancelFlag.set(true);
                }
            }
            return cancelFlag.get();
        }

        @Override
        public void onStep(StepRecord step) {
            pendingSteps.add(step);
        }

        /** Stores the pending steps; only after a write that proved this instance still owns the job. */
        void flushSteps() {
            if (!pendingSteps.isEmpty()) {
                records.stepsLogged(id, List.copyOf(pendingSteps));
                pendingSteps.clear();
            }
        }

        @Override
        public void onBatch(int epoch, int done, int batches, double imagesPerSecond, double learningRate,
                double runningLoss) {
            long now = System.nanoTime();
            JobExecution.this.imagesPerSecond.set(imagesPerSecond);
            double progress = ((epoch - 1) + (double) done / batches) / settings.epochs();
            long remainingBatches = (long) (batches - done) + (long) (settings.epochs() - epoch) * batches;
            long eta = imagesPerSecond > 0 ? Math.round(remainingBatches * settings.batchSize() / imagesPerSecond) : -1;
            if (now - lastDbWrite > DB_PROGRESS_INTERVAL_NS || done == batches) {
                lastDbWrite = now;
                if (jobs.updateProgress(id, owner, progress, imagesPerSecond, eta, learningRate, Instant.now()) == 0) {
                    lost = true;
                } else {
                    flushSteps();
                }
            }
            if (now - lastEvent > EVENT_INTERVAL_NS || done == batches) {
                lastEvent = now;
                events.publish(id, "progress", Map.of("epoch", epoch, "batch", done, "batches", batches,
                        "progress", progress, "imagesPerSecond", imagesPerSecond, "etaSeconds", eta,
                        "loss", runningLoss, "learningRate", learningRate));
            }
        }

        @Override
        public void onResumed(TrainingListener.Resumed files) {
            records.resumed(id, owner, settings.epochs(), files);
        }

        @Override
        public void beforeCheckpoints(int epoch) {
            // A job taken over by another instance must not overwrite that instance's checkpoints.
            if (jobs.heartbeat(java.util.List.of(id), owner, Instant.now()) == 0) {
                lost = true;
                throw new LostJobException(id, owner);
            }
        }

        @Override
        public void onEpoch(EpochEnd end) {
            // Stored completely before the rows say the checkpoints exist.
            storage.upload(id, CheckpointKind.LAST, end.files().last());
            if (end.files().best() != null) {
                storage.upload(id, CheckpointKind.BEST, end.files().best());
            }
            records.epochFinished(id, owner, settings.epochs(), end);
            flushSteps();
            epochDuration.record(Duration.ofMillis(Math.round(end.result().durationSeconds() * 1000)));
            events.publish(id, "epoch", end.result());
        }
    }
}
