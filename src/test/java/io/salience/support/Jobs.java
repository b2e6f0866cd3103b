package io.salience.support;

import static org.assertj.core.api.Assertions.fail;

import static org.assertj.core.api.Assertions.assertThat;

import io.salience.checkpoints.CheckpointKind;
import io.salience.checkpoints.CheckpointRepository;
import io.salience.jobs.JobService;
import io.salience.jobs.JobStatus;
import io.salience.jobs.TrainingJob;
import io.salience.jobs.TrainingJobRepository;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import io.salience.web.JobRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.json.JsonMapper;

/** Submitting jobs over HTTP and waiting for them in tests, with a deadline instead of fixed sleeps. */
public final class Jobs {

    private Jobs() {}

    /** POSTs a job request, checks the 202 and its Location, and returns the job's id. */
    public static long submit(MockMvcTester mvc, JsonMapper json, String body) {
        MvcTestResult result = mvc.post().uri("/api/jobs").contentType(MediaType.APPLICATION_JSON).content(body).exchange();
        assertThat(result).hasStatus(HttpStatus.ACCEPTED);
        Map<?, ?> job = json.readValue(result.getResponse().getContentAsByteArray(), Map.class);
        long id = ((Number) job.get("id")).longValue();
        assertThat(result).headers().hasValue("Location", "/api/jobs/" + id);
        return id;
    }

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

    /**
     * Trains a one-epoch job on the test data (batch 16, 32 test images, the given seed) and
     * returns its BEST checkpoint's id: the checkpoint the explanation tests ask.
     */
    public static long trainBestCheckpoint(JobService service, TrainingJobRepository jobs,
            CheckpointRepository checkpoints, long seed) {
        long job = service.submit(new JobRequest(null, null, 1, 16, null, null, seed, 32, null, null, null, null, null,
                null, null, null).toSettings()).getId();
        assertThat(awaitFinished(jobs, job, Duration.ofMinutes(3)).getStatus()).isEqualTo(JobStatus.SUCCEEDED);
        return checkpoints.findByJobIdAndKind(job, CheckpointKind.BEST).orElseThrow().getId();
    }

    public static TrainingJob awaitFinished(TrainingJobRepository jobs, long id, Duration timeout) {
        return awaitJob(jobs, id, timeout, j -> j.getStatus().isFinished());
    }
}
