package io.salience.jobs;

import jakarta.annotation.PreDestroy;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Events of jobs that another instance trains: a job's SSE subscribers may be connected to any
 * instance (an {@code api} instance never trains), so for every subscribed job that is not running
 * here, this relay reads the job's row and its epoch records each poll interval and publishes
 * what changed: {@code progress}, each new {@code epoch}, and the {@code status}, closing the
 * streams when the job ends. Jobs running here publish their own events, as before. Under
 * PostgreSQL, {@link JobChangeNotifications} wakes the relay as soon as a job changes.
 */
@Component
public class JobEventRelay {

    private static final Logger log = LoggerFactory.getLogger(JobEventRelay.class);

    private final JobEvents events;
    private final RunningJobs running;
    private final TrainingJobRepository jobs;
    private final EpochMetricRepository metrics;
    private final Map<Long, Seen> seen = new ConcurrentHashMap<>();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "job-event-relay");
        t.setDaemon(true);
        return t;
    });

    /** What the subscribers of a job have been told. */
    private record Seen(JobStatus status, int epochs, double progress) {}

    public JobEventRelay(JobEvents events, RunningJobs running, TrainingJobRepository jobs,
            EpochMetricRepository metrics, TrainingProperties properties) {
        this.events = events;
        this.running = running;
        this.jobs = jobs;
        this.metrics = metrics;
        long interval = properties.eventPollInterval().toMillis();
        poller.scheduleWithFixedDelay(this::relaySafely, interval, interval, TimeUnit.MILLISECONDS);
    }

    /**
     * What a new subscriber of a job was told when it subscribed: the relay reports changes from
     * there, so an epoch or the end that comes before its next pass is not lost.
     */
    public void told(long jobId, JobStatus status, int epochs, double progress) {
        seen.putIfAbsent(jobId, new Seen(status, epochs, progress));
    }

    /** Relays now rather than at the next poll: another instance said that a job changed. */
    public void wake() {
        try {
            poller.execute(this::relaySafely);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // Shutting down.
        }
    }

    private void relaySafely() {
        try {
            relay();
        } catch (RuntimeException e) {
            log.warn("Could not relay job events: {}", e.getMessage());
        }
    }

    void relay() {
        Set<Long> subscribed = events.subscribedJobs();
        seen.keySet().retainAll(subscribed);
        // (A subscription that arrives between these two lines is seeded again at its first pass.)
        Set<Long> local = Set.copyOf(running.ids());
        for (long id : subscribed) {
            if (local.contains(id)) {
                seen.remove(id);
                continue;
            }
            TrainingJob job = jobs.findById(id).orElse(null);
            if (job == null) {
                events.complete(id);
                continue;
            }
            Seen before = seen.computeIfAbsent(id, k -> new Seen(job.getStatus(), job.getEpochsCompleted(),
                    job.getProgress()));
            if (job.getEpochsCompleted() > before.epochs()) {
                for (EpochMetric m : metrics.findByJobIdOrderByEpochAsc(id)) {
                    if (m.getEpoch() > before.epochs()) {
                        events.publish(id, "epoch", epoch(m));
                    }
                }
            }
            if (job.getStatus() == JobStatus.RUNNING && job.getProgress() != before.progress()) {
                Map<String, Object> progress = new LinkedHashMap<>();
                progress.put("epoch", job.getEpochsCompleted() + 1);
                progress.put("progress", job.getProgress());
                progress.put("imagesPerSecond", job.getImagesPerSecond());
                progress.put("etaSeconds", job.getEtaSeconds());
                progress.put("learningRate", job.getLearningRate());
                events.publish(id, "progress", progress);
            }
            if (job.getStatus() != before.status()) {
                events.publish(id, "status", Map.of("id", id, "status", job.getStatus(), "epochsCompleted",
                        job.getEpochsCompleted(), "progress", job.getProgress()));
            }
            if (job.getStatus().isFinished()) {
                events.complete(id);
                seen.remove(id);
            } else {
                seen.put(id, new Seen(job.getStatus(), job.getEpochsCompleted(), job.getProgress()));
            }
        }
    }

    private static Map<String, Object> epoch(EpochMetric m) {
        Map<String, Object> epoch = new LinkedHashMap<>();
        epoch.put("epoch", m.getEpoch());
        epoch.put("trainLoss", m.getTrainLoss());
        epoch.put("trainAccuracy", m.getTrainAccuracy());
        epoch.put("testLoss", m.getTestLoss());
        epoch.put("testAccuracy", m.getTestAccuracy());
        epoch.put("learningRate", m.getLearningRate());
        epoch.put("durationSeconds", m.getDurationSeconds());
        return epoch;
    }

    @PreDestroy
    void close() {
        poller.shutdownNow();
    }
}
