package io.salience.support;

import static org.assertj.core.api.Assertions.fail;

import io.salience.jobs.TrainingJob;
import io.salience.jobs.TrainingJobRepository;
import java.time.Duration;
import java.util.function.Predicate;

/** Waiting for background jobs in tests, with a deadline instead of fixed sleeps. */
public final class Jobs {

    private Jobs() {}

    public static TrainingJob awaitJob(TrainingJobRepository jobs, long id, Duration timeout, Predicate<TrainingJob> done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        TrainingJob job = null;
        while (System.nanoTime() < deadline) {
            job = jobs.findById(id).orElseThrow();
            if (done.test(job)) {
                return job;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return fail("job %d not done in %s; last seen %s after %d epochs", id, timeout,
                job == null ? null : job.getStatus(), job == null ? 0 : job.getEpochsCompleted());
    }

    public static TrainingJob awaitFinished(TrainingJobRepository jobs, long id, Duration timeout) {
        return awaitJob(jobs, id, timeout, j -> j.getStatus().isFinished());
    }
}
