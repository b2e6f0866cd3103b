package io.salience.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.salience.jobs.JobRunner;
import io.salience.jobs.JobService;
import io.salience.jobs.JobStatus;
import io.salience.jobs.TrainingJob;
import io.salience.jobs.TrainingJobRepository;
import io.salience.support.Jobs;
import io.salience.support.TestDatasets;
import io.salience.web.JobRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/** Two replicas on one PostgreSQL: each job runs exactly once, and a dead replica's job is taken over. */
class TwoInstancesTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(4);

    @TempDir
    Path root;

    @Test
    void twoInstancesShareTheQueueWithoutRunningAJobTwiceAndTakeOverADeadOnesJob() throws Exception {
        TestDatasets.writeCifarBinary(root.resolve("cifar10"), 64, 20, 42);
        Map<String, String> database = PostgresDatabase.freshSchema();
        String[] fastFailover = {"--salience.training.heartbeat-interval=500ms",
            "--salience.training.heartbeat-timeout=4s", "--salience.training.poll-interval=200ms"};
        ConfigurableApplicationContext a = PostgresApp.start(database, root, "replica-a", fastFailover);
        try (ConfigurableApplicationContext b = PostgresApp.start(database, root, "replica-b", fastFailover)) {
            JobService service = b.getBean(JobService.class);
            TrainingJobRepository jobs = b.getBean(TrainingJobRepository.class);
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                ids.add(service.submit(new JobRequest(null, null, 1, 16, null, null, (long) i, 16, 10, null, null, null, null, null, null, null)
                        .toSettings()).getId());
            }
            List<String> owners = new ArrayList<>();
            for (long id : ids) {
                TrainingJob job = Jobs.awaitFinished(jobs, id, TIMEOUT);
                assertThat(job.getStatus()).isEqualTo(JobStatus.SUCCEEDED);
                assertThat(service.metrics(id)).hasSize(1);
                owners.add(job.getOwner());
            }
            long claims = a.getBean(JobRunner.class).claimed() + b.getBean(JobRunner.class).claimed();
            assertThat(claims).as("claims by both replicas for 6 jobs").isEqualTo(6);
            assertThat(owners).containsOnly("replica-a", "replica-b");

            // Replica A dies while training: B notices the silent heartbeat and resumes the job.
            long longJob = -1;
            while (longJob < 0) {
                long id = service.submit(new JobRequest(null, null, 3, 8, null, null, 7L, 48, 10, null, null, null, null, null, null, null).toSettings()).getId();
                TrainingJob running = Jobs.awaitJob(jobs, id, TIMEOUT, j -> j.getStatus() == JobStatus.RUNNING);
                if ("replica-a".equals(running.getOwner())) {
                    longJob = id;
                } else {
                    service.cancel(id);
                    Jobs.awaitFinished(jobs, id, TIMEOUT);
                }
            }
            long taken = longJob;
            Jobs.awaitJob(jobs, taken, TIMEOUT, j -> j.getEpochsCompleted() >= 1);
            a.close();
            TrainingJob finished = Jobs.awaitFinished(jobs, taken, TIMEOUT);
            assertThat(finished.getStatus()).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(finished.getOwner()).isEqualTo("replica-b");
            assertThat(service.metrics(taken)).hasSize(3);
        } finally {
            a.close();
            PostgresDatabase.drop(database);
        }
    }
}
