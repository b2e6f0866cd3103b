package io.salience.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.salience.SalienceApplication;
import io.salience.support.Jobs;
import io.salience.support.TestDatasets;
import io.salience.training.TrainingSettings;
import io.salience.web.JobRequest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Stops the whole application in the middle of a job and starts it again on the same storage. */
class JobResumeTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @TempDir
    Path root;

    private ConfigurableApplicationContext start() {
        // Command-line arguments: they take precedence over application.yml, as in production.
        return new SpringApplicationBuilder(SalienceApplication.class).run(
                "--server.port=0",
                "--spring.jmx.enabled=false",
                "--salience.storage-dir=" + root.resolve("storage"),
                "--salience.datasets.cifar10.path=" + root.resolve("cifar10"),
                "--salience.training.instance-id=resume-test");
    }

    private static TrainingSettings settings() {
        return new JobRequest(null, null, 4, 16, null, null, 9L, 48, 20, null, null, null, null, null, null, null).toSettings();
    }

    @Test
    void aRestartResumesAnInterruptedJobAndEndsWhereAnUninterruptedOneEnds() throws Exception {
        TestDatasets.writeCifarBinary(root.resolve("cifar10"), 100, 20, 42);
        long interrupted;
        try (ConfigurableApplicationContext first = start()) {
            interrupted = first.getBean(JobService.class).submit(settings()).getId();
            Jobs.awaitJob(first.getBean(TrainingJobRepository.class), interrupted, TIMEOUT,
                    j -> j.getEpochsCompleted() >= 1);
        }
        // The shutdown stopped the job between two batches and handed it back to the queue, to be resumed.
        try (Connection db = DriverManager.getConnection("jdbc:h2:file:" + root.resolve("storage/db/salience"), "sa", "");
                ResultSet row = db.createStatement().executeQuery(
                        "select status, epochs_completed, owner from training_job where id = " + interrupted)) {
            assertThat(row.next()).isTrue();
            assertThat(row.getString(1)).isEqualTo("QUEUED");
            assertThat(row.getString(3)).isNull();
            assertThat(row.getInt(2)).isBetween(1, 3);
        }

        try (ConfigurableApplicationContext second = start()) {
            TrainingJobRepository jobs = second.getBean(TrainingJobRepository.class);
            JobService service = second.getBean(JobService.class);
            assertThat(Jobs.awaitFinished(jobs, interrupted, TIMEOUT).getStatus()).isEqualTo(JobStatus.SUCCEEDED);
            long uninterrupted = service.submit(settings()).getId();
            assertThat(Jobs.awaitFinished(jobs, uninterrupted, TIMEOUT).getStatus()).isEqualTo(JobStatus.SUCCEEDED);

            List<EpochMetric> resumed = service.metrics(interrupted);
            List<EpochMetric> reference = service.metrics(uninterrupted);
            assertThat(resumed).extracting(EpochMetric::getEpoch).containsExactly(1, 2, 3, 4);
            for (int i = 0; i < 4; i++) {
                assertThat(resumed.get(i).getTrainLoss()).isEqualTo(reference.get(i).getTrainLoss());
                assertThat(resumed.get(i).getTestLoss()).isEqualTo(reference.get(i).getTestLoss());
                assertThat(resumed.get(i).getTestAccuracy()).isEqualTo(reference.get(i).getTestAccuracy());
            }
        }
    }
}
