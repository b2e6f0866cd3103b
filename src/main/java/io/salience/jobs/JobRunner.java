package io.salience.jobs;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import io.salience.roles.InstanceRole;
import io.salience.roles.RoleProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Component;

/**
 * Runs queued jobs in submission order on background threads, at most
 * {@code salience.training.max-concurrent-jobs} at a time; HTTP threads never train.
 *
 * <p>Jobs are claimed with a conditional update, so several instances on one database never run
 * the same job. At start-up this instance takes back the jobs it was running when it stopped;
 * it also takes over jobs whose instance stopped sending heartbeats. Both resume from their LAST
 * checkpoint. On shutdown running jobs are stopped between two batches and left RUNNING, so that
 * they resume on the next start.
 */
@Component
public class JobRunner implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

    private final TrainingJobRepository jobs;
    private final JobExecution execution;
    private final RunningJobs running;
    private final TrainingProperties properties;
    private final String instanceId;
    private final Semaphore slots;
    private ScheduledExecutorService ticker;
    private ExecutorService runners;
    private volatile boolean stopping;
    private volatile boolean started;
    private final java.util.concurrent.atomic.AtomicLong claimed = new java.util.concurrent.atomic.AtomicLong();

    private final InstanceRole role;

    /** How often the stored checkpoints of deleted jobs are looked for. */
    static final java.time.Duration ORPHAN_SWEEP = java.time.Duration.ofMinutes(10);

    private final io.salience.checkpoints.CheckpointStorage storage;
    private java.util.concurrent.ScheduledExecutorService sweeper;

    public JobRunner(TrainingJobRepository jobs, JobExecution execution, RunningJobs running,
            TrainingProperties properties, RoleProperties roles, io.salience.checkpoints.CheckpointStorage storage) {
        this.storage = storage;
        this.role = roles.role();
        this.jobs = jobs;
        this.execution = execution;
        this.running = running;
        this.properties = properties;
        this.instanceId = properties.owner();
        this.slots = new Semaphore(Math.max(1, properties.maxConcurrentJobs()));
    }

    public String instanceId() {
        return instanceId;
    }

    /** How many jobs this instance has claimed since it started. */
    public long claimed() {
        return claimed.get();
    }

    /** True once shutdown began: running jobs then stop and stay RUNNING, to be resumed. */
    public boolean isStopping() {
        return stopping;
    }

    /** Whether this instance trains jobs and its dispatcher runs. */
    public boolean isTraining() {
        return started && !stopping;
    }

    @Override
    public void start() {
        stopping = false;
        if (!role.trains()) {
            log.info("Role '{}': this instance never claims jobs; workers train them", role.id());
            return;
        }
        AtomicInteger count = new AtomicInteger();
        runners = Executors.newFixedThreadPool(Math.max(1, properties.maxConcurrentJobs()),
                r -> new Thread(r, "job-runner-" + count.incrementAndGet()));
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "job-dispatcher");
            t.setDaemon(true);
            return t;
        });
        // Our name's jobs whose heartbeat is older than two beats were left by an earlier process of
        // ours: take them back at once. A fresher one is beaten by a live process of the same name
        // (two JVMs on one host): leave it, the stale-job check takes it over if that process dies.
        Instant now = Instant.now();
        int resumed = jobs.requeueOrphans(instanceId, now.minus(properties.heartbeatInterval().multipliedBy(2)),
                now.minus(properties.heartbeatTimeout()));
        if (resumed > 0) {
            log.info("Re-queued {} interrupted job(s) to resume them from their last checkpoint", resumed);
        }
        long poll = properties.pollInterval().toMillis();
        ticker.scheduleWithFixedDelay(this::dispatchSafely, 0, poll, TimeUnit.MILLISECONDS);
        long beat = properties.heartbeatInterval().toMillis();
        ticker.scheduleWithFixedDelay(this::heartbeat, beat, beat, TimeUnit.MILLISECONDS);
        if (storage.remote()) {
            // Its own thread: a slow store must never hold up the heartbeats.
            sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "orphan-sweeper");
                t.setDaemon(true);
                return t;
            });
            sweeper.scheduleWithFixedDelay(this::deleteOrphans, 1, ORPHAN_SWEEP.toMinutes(), TimeUnit.MINUTES);
        }
        started = true;
        log.info("Job runner '{}' started: {} job(s) at a time", instanceId, properties.maxConcurrentJobs());
    }

    @EventListener
    void onSubmitted(JobSubmitted event) {
        wake();
    }

    /** Looks for work now rather than at the next poll; a no-op while shutting down. */
    private void wake() {
        if (started && !stopping) {
            try {
                ticker.execute(this::dispatchSafely);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // Shutdown began meanwhile: the poll is over, and the job stays queued.
            }
        }
    }

    private void dispatchSafely() {
        try {
            takeOverStaleJobs();
            dispatch();
        } catch (RuntimeException e) {
            log.warn("Could not dispatch jobs: {}", e.getMessage());
        }
    }

    private void takeOverStaleJobs() {
        if (stopping) {
            return;
        }
        // Jobs whose heartbeat stopped; those this process runs beat, and are excluded all the same.
        List<Long> mine = running.ids();
        int taken = jobs.requeueStale(Instant.now().minus(properties.heartbeatTimeout()), instanceId,
                mine.isEmpty() ? List.of(-1L) : mine);
        if (taken > 0) {
            log.info("Re-queued {} job(s) whose instance stopped sending heartbeats", taken);
        }
    }

    private void dispatch() {
        while (!stopping && slots.tryAcquire()) {
            List<TrainingJob> next = jobs.findByStatusOrderByIdAsc(JobStatus.QUEUED, Limit.of(1));
            if (next.isEmpty()) {
                slots.release();
                return;
            }
            long id = next.get(0).getId();
            if (jobs.claim(id, instanceId, Instant.now()) == 0) {
                slots.release(); // another instance was faster; look again
                continue;
            }
            claimed.incrementAndGet();
            try {
                runners.execute(() -> {
                    try {
                        execution.run(id, instanceId, this::isStopping);
                    } finally {
                        slots.release();
                        wake();
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // Shutting down: the job stays RUNNING under our name and resumes on the next start.
                slots.release();
                return;
            }
        }
    }

    /** Stored checkpoints of jobs deleted while the store was unreachable. */
    private void deleteOrphans() {
        try {
            int deleted = storage.deleteOrphans(jobs::existsById);
            if (deleted > 0) {
                log.info("Deleted the stored checkpoints of {} deleted job(s)", deleted);
            }
        } catch (RuntimeException e) {
            log.warn("Could not look for stored checkpoints of deleted jobs: {}", e.getMessage());
        }
    }

    private void heartbeat() {
        try {
            List<Long> ids = running.ids();
            if (!ids.isEmpty()) {
                jobs.heartbeat(ids, instanceId, Instant.now());
            }
        } catch (RuntimeException e) {
            log.warn("Could not write heartbeats: {}", e.getMessage());
        }
    }

    @Override
    public void stop() {
        stopping = true;
        started = false;
        runners.shutdown();
        try {
            // A job notices within one batch; give it time to leave its state consistent. The
            // ticker keeps beating meanwhile (dispatching stopped with the flag): a job whose
            // heartbeat stopped during a long last upload would be taken over while still written.
            if (!runners.awaitTermination(2, TimeUnit.MINUTES)) {
                runners.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            runners.shutdownNow();
        } finally {
            ticker.shutdownNow();
            if (sweeper != null) {
                sweeper.shutdownNow();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return started;
    }
}
