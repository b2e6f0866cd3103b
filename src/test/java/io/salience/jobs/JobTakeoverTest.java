package io.salience.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.salience.SalienceApplication;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Which RUNNING jobs go back to the queue, by owner name and heartbeat age. Two processes may carry
 * one name (two JVMs on a host, whose name is the default instance id): a restart must not take
 * the jobs that a live process of that name still beats, nor leave for ever those a dead one left.
 */
class JobTakeoverTest {

    @TempDir
    Path root;

    @Test
    void aRestartTakesBackOnlyTheJobsItsNameStoppedBeatingAndTheStaleCheckSparesOnlyItsOwn() {
        // Role api: this instance never claims, so the rows stay as the test leaves them.
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(SalienceApplication.class).run(
                "--server.port=0", "--spring.jmx.enabled=false", "--salience.role=api",
                "--salience.storage-dir=" + root.resolve("storage"))) {
            TrainingJobRepository jobs = app.getBean(TrainingJobRepository.class);
            Instant now = Instant.now();
            long beatenByALiveTwin = running(jobs, "host-a", now.minusSeconds(5));
            long leftByAnEarlierProcess = running(jobs, "host-a", now.minusSeconds(30));
            long anotherInstances = running(jobs, "host-b", now.minusSeconds(30));

            // As JobRunner starts with the default 10 s heartbeat and 2 min timeout.
            assertThat(jobs.requeueOrphans("host-a", now.minusSeconds(20), now.minusSeconds(120))).isEqualTo(1);
            assertThat(status(jobs, beatenByALiveTwin)).isEqualTo(JobStatus.RUNNING);
            assertThat(status(jobs, leftByAnEarlierProcess)).isEqualTo(JobStatus.QUEUED);
            assertThat(status(jobs, anotherInstances)).isEqualTo(JobStatus.RUNNING);

            long runHere = running(jobs, "host-a", now.minusSeconds(300));
            long leftLongAgo = running(jobs, "host-a", now.minusSeconds(300));
            long deadInstances = running(jobs, "host-b", now.minusSeconds(300));
            assertThat(jobs.requeueStale(now.minusSeconds(120), "host-a", List.of(runHere))).isEqualTo(2);
            assertThat(status(jobs, runHere)).isEqualTo(JobStatus.RUNNING);
            assertThat(status(jobs, leftLongAgo)).isEqualTo(JobStatus.QUEUED);
            assertThat(status(jobs, deadInstances)).isEqualTo(JobStatus.QUEUED);
            assertThat(status(jobs, beatenByALiveTwin)).isEqualTo(JobStatus.RUNNING);
            // With nothing running here, the placeholder id matches no job.
            assertThat(jobs.requeueStale(now.minusSeconds(120), "host-a", List.of(-1L))).isEqualTo(1);
            assertThat(status(jobs, runHere)).isEqualTo(JobStatus.QUEUED);
        }
    }

    private static long running(TrainingJobRepository jobs, String owner, Instant heartbeat) {
        TrainingJob job = jobs.save(new TrainingJob("cifar10", "{}", 1, 0.001, Instant.now()));
        assertThat(jobs.claim(job.getId(), owner, heartbeat)).isEqualTo(1);
        return job.getId();
    }

    private static JobStatus status(TrainingJobRepository jobs, long id) {
        return jobs.findById(id).orElseThrow().getStatus();
    }
}
