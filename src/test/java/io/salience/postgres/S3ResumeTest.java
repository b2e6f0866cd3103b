package io.salience.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.salience.jobs.JobService;
import io.salience.jobs.JobStatus;
import io.salience.jobs.TrainingJob;
import io.salience.jobs.TrainingJobRepository;
import io.salience.support.Jobs;
import io.salience.support.S3ProxyServer;
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

/**
 * With checkpoints in S3, a worker that stops hands its job back, and another worker with an empty
 * storage folder resumes it from the LAST checkpoint in the bucket.
 */
class S3ResumeTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(4);
    private static final String BUCKET = "salience-resume";

    @TempDir
    Path root;

    @Test
    void aSecondWorkerResumesFromTheBucketWhatTheFirstStarted() throws Exception {
        Path first = root.resolve("first");
        Path second = root.resolve("second");
        TestDatasets.writeCifarBinary(first.resolve("cifar10"), 64, 20, 42);
        TestDatasets.writeCifarBinary(second.resolve("cifar10"), 64, 20, 42);
        Map<String, String> database = PostgresDatabase.freshSchema();
        try (S3ProxyServer s3 = S3ProxyServer.start(root.resolve("s3"), BUCKET)) {
            List<String> args = new ArrayList<>(s3.serviceArguments(BUCKET));
            args.addAll(List.of("--salience.role=worker", "--salience.training.poll-interval=200ms"));
            long id;
            int handedBackAfter;
            try (ConfigurableApplicationContext a = PostgresApp.start(database, first, "worker-a",
                    args.toArray(String[]::new))) {
                id = a.getBean(JobService.class).submit(new JobRequest(null, null, 3, 8, null, null, 7L, 48, 10, null,
                        null, null, null, null, null, null).toSettings()).getId();
                Jobs.awaitJob(a.getBean(TrainingJobRepository.class), id, TIMEOUT, j -> j.getEpochsCompleted() >= 1);
            }
            handedBackAfter = PostgresDatabase.epochsCompleted(database, id);
            assertThat(handedBackAfter).isBetween(1, 2);
            try (ConfigurableApplicationContext b = PostgresApp.start(database, second, "worker-b",
                    args.toArray(String[]::new))) {
                TrainingJob done = Jobs.awaitFinished(b.getBean(TrainingJobRepository.class), id, TIMEOUT);
                assertThat(done.getStatus()).isEqualTo(JobStatus.SUCCEEDED);
                assertThat(done.getOwner()).isEqualTo("worker-b");
                assertThat(b.getBean(JobService.class).metrics(id)).extracting(m -> m.getEpoch())
                        .containsExactly(1, 2, 3);
                // The second worker never had the file: it trained only the epochs after the bucket's LAST.
                assertThat(b.getBean(io.micrometer.core.instrument.MeterRegistry.class)
                        .timer("salience.training.epoch.duration").count()).isEqualTo(3 - handedBackAfter);
            }
        } finally {
            PostgresDatabase.drop(database);
        }
    }
}
