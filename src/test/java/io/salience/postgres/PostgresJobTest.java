package io.salience.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.salience.checkpoints.Checkpoint;
import io.salience.checkpoints.CheckpointKind;
import io.salience.checkpoints.CheckpointRepository;
import io.salience.checkpoints.CheckpointService;
import io.salience.explain.ConfusionMatrices;
import io.salience.jobs.JobService;
import io.salience.jobs.JobStatus;
import io.salience.jobs.TrainingJobRepository;
import io.salience.support.Jobs;
import io.salience.support.TestDatasets;
import io.salience.web.JobRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.domain.Page;

/** The Flyway migrations and every query of the service, on a real PostgreSQL. */
class PostgresJobTest {

    @TempDir
    Path root;

    @Test
    void aJobRunsAndIsExplainedOnPostgres() throws Exception {
        TestDatasets.writeCifarBinary(root.resolve("cifar10"), 64, 30, 42);
        Map<String, String> database = PostgresDatabase.freshSchema();
        try (ConfigurableApplicationContext app = PostgresApp.start(database, root, "pg-1")) {
            assertThat(app.getEnvironment().getProperty("spring.datasource.url")).startsWith("jdbc:postgresql:");
            JobService service = app.getBean(JobService.class);
            TrainingJobRepository jobs = app.getBean(TrainingJobRepository.class);
            long id = service.submit(new JobRequest(null, null, 2, 16, null, null, 2L, 32, null, null, null, null, null, null, null, null).toSettings()).getId();
            assertThat(Jobs.awaitFinished(jobs, id, Duration.ofMinutes(3)).getStatus()).isEqualTo(JobStatus.SUCCEEDED);
            assertThat(service.metrics(id)).hasSize(2);

            Checkpoint best = app.getBean(CheckpointRepository.class).findByJobIdAndKind(id, CheckpointKind.BEST).orElseThrow();
            Checkpoint last = app.getBean(CheckpointRepository.class).findByJobIdAndKind(id, CheckpointKind.LAST).orElseThrow();
            assertThat(last.getEpoch()).isEqualTo(2);
            CheckpointService checkpoints = app.getBean(CheckpointService.class);
            Page<?> mistakes = checkpoints.mistakes(best.getId(), null, null, 0, 10);
            assertThat(mistakes.getTotalElements()).isEqualTo(best.getMisclassifiedCount().longValue());
            assertThat(checkpoints.mistakes(best.getId(), 3, null, 0, 10).getContent())
                    .allSatisfy(m -> assertThat(((io.salience.checkpoints.Misclassification) m).getTrueClass()).isEqualTo(3));

            // LAST had no records: asking for its confusion matrix evaluates and records it.
            var matrix = app.getBean(ConfusionMatrices.class).of(last.getId());
            assertThat(matrix.total()).isEqualTo(30);
            assertThat(jobs.countByStatus(JobStatus.SUCCEEDED)).isEqualTo(1);

            assertThat(service.cancel(service.submit(new JobRequest(null, null, 1, 16, null, null, 2L, 16, null, null, null, null, null, null, null, null)
                    .toSettings()).getId()).getStatus()).isIn(JobStatus.CANCELLED, JobStatus.RUNNING, JobStatus.QUEUED);
            service.delete(id);
            assertThat(jobs.findById(id)).isEmpty();
        } finally {
            PostgresDatabase.drop(database);
        }
    }
}
