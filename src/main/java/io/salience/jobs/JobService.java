package io.salience.jobs;

import io.salience.checkpoints.CheckpointStorage;
import io.salience.data.DatasetRegistry;
import io.salience.data.ImageDataset;
import io.salience.errors.ConflictException;
import io.salience.errors.InvalidInputException;
import io.salience.errors.InvalidInputException.FieldProblem;
import io.salience.errors.NotFoundException;
import io.salience.training.TrainingSettings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/** What users do with jobs: submit, look, cancel, delete. Training itself happens in {@link JobRunner}. */
@Service
public class JobService {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(JobService.class);

    private final TrainingJobRepository jobs;
    private final EpochMetricRepository metrics;
    private final StepMetricRepository steps;
    private final CheckpointStorage storage;
    private final DatasetRegistry datasets;
    private final RunningJobs running;
    private final JobEvents events;
    private final JobEventRelay relay;
    private final ApplicationEventPublisher publisher;
    private final JsonMapper json;

    public JobService(TrainingJobRepository jobs, EpochMetricRepository metrics, StepMetricRepository steps,
            CheckpointStorage storage,
            DatasetRegistry datasets, RunningJobs running, JobEvents events, JobEventRelay relay,
            ApplicationEventPublisher publisher, JsonMapper json) {
        this.relay = relay;
        this.jobs = jobs;
        this.metrics = metrics;
        this.steps = steps;
        this.storage = storage;
        this.datasets = datasets;
        this.running = running;
        this.events = events;
        this.publisher = publisher;
        this.json = json;
    }

    /** Checks the settings against the dataset and queues the job. */
    public TrainingJob submit(TrainingSettings settings) {
        if (!datasets.exists(settings.dataset())) {
            throw new InvalidInputException(List.of(new FieldProblem("dataset",
                    "unknown dataset '" + settings.dataset() + "'; known: " + String.join(", ", datasets.names()))));
        }
        // The limits are checked now when the dataset is in memory; otherwise the job prepares it
        // (never this request thread) and fails with the same message if a limit is too large.
        if (datasets.isLoaded(settings.dataset())) {
            ImageDataset data = datasets.load(settings.dataset());
            List<FieldProblem> problems = new ArrayList<>();
            checkLimit(problems, "trainLimit", settings.trainLimit(), data.train().size(), "training");
            checkLimit(problems, "testLimit", settings.testLimit(), data.test().size(), "test");
            if (!problems.isEmpty()) {
                throw new InvalidInputException(problems);
            }
        } else {
            datasets.prepare(settings.dataset());
        }
        TrainingJob job = jobs.save(new TrainingJob(settings.dataset(), json.writeValueAsString(settings),
                settings.epochs(), settings.learningRate(), Instant.now()));
        publisher.publishEvent(new JobSubmitted(job.getId()));
        return job;
    }

    private static void checkLimit(List<FieldProblem> problems, String field, Integer limit, int size, String split) {
        if (limit != null && limit > size) {
            problems.add(new FieldProblem(field, limit + " is more than the " + size + " " + split + " images of the dataset"));
        }
    }

    public TrainingJob get(long id) {
        return jobs.findById(id).orElseThrow(() -> new NotFoundException("job " + id + " does not exist"));
    }

    public TrainingSettings settings(TrainingJob job) {
        return json.readValue(job.getSettingsJson(), TrainingSettings.class);
    }

    public Page<TrainingJob> list(int page, int size) {
        return jobs.findAllByOrderByIdDesc(PageRequest.of(page, size));
    }

    public List<EpochMetric> metrics(long jobId) {
        get(jobId);
        return metrics.findByJobIdOrderByEpochAsc(jobId);
    }

    /** The job's logged optimizer steps after step {@code after}, in order. */
    public List<StepMetric> steps(long jobId, long after) {
        get(jobId);
        return steps.findByJobIdAndStepGreaterThanOrderByStepAsc(jobId, after);
    }

    /**
     * A queued job is cancelled at once; a running one is asked to stop, which it does before its
     * next batch, keeping the epochs it completed.
     */
    public TrainingJob cancel(long id) {
        // A job can move between QUEUED and RUNNING meanwhile (claimed, or handed back on a
        // shutdown or takeover): try again until one of the two updates takes.
        for (int attempt = 0; attempt < 5; attempt++) {
            TrainingJob job = get(id);
            if (job.getStatus().isFinished()) {
                throw new ConflictException("job " + id + " has already finished (" + job.getStatus() + ")");
            }
            if (jobs.cancelQueued(id, Instant.now()) == 1) {
                TrainingJob cancelled = get(id);
                events.publish(id, "status", java.util.Map.of("id", id, "status", cancelled.getStatus(),
                        "epochsCompleted", cancelled.getEpochsCompleted(), "progress", cancelled.getProgress()));
                events.complete(id);
                return cancelled;
            }
            if (jobs.requestCancel(id) == 1) {
                running.requestCancel(id);
                return get(id);
            }
        }
        throw new io.salience.errors.BusyException("job " + id + " is changing state; try again", 1);
    }

    /**
     * A stream of the job's events that starts with its status now; for a job trained by another
     * instance the relay reports what changes from this very state on.
     */
    public org.springframework.web.servlet.mvc.method.annotation.SseEmitter subscribe(long id) {
        get(id);
        // Subscribed before the state is read: whatever comes after that read reaches the stream.
        var emitter = events.subscribe(id);
        TrainingJob job = jobs.findById(id).orElse(null);
        if (job == null) { // deleted meanwhile
            emitter.complete();
            return emitter;
        }
        relay.told(id, job.getStatus(), job.getEpochsCompleted(), job.getProgress());
        JobEvents.send(emitter, "status", java.util.Map.of("id", id, "status", job.getStatus(),
                "epochsCompleted", job.getEpochsCompleted(), "progress", job.getProgress()));
        if (job.getStatus().isFinished()) {
            emitter.complete();
        }
        return emitter;
    }

    /** Removes a job that is not running, with its metrics, checkpoints, records and files. */
    public void delete(long id) {
        get(id);
        if (jobs.deleteIfNotRunning(id) == 0) {
            throw new ConflictException("job " + id + " is running; cancel it first");
        }
        events.complete(id);
        try {
            storage.deleteJobFiles(id);
        } catch (io.salience.errors.UnavailableException e) {
            // The job is gone; its stored objects go with the next sweep (JobRunner).
            log.warn("Job {} deleted, but its stored checkpoints could not be removed yet: {}", id, e.getMessage());
        }
    }
}
