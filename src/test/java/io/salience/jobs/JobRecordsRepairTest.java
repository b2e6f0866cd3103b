package io.salience.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.salience.SalienceApplication;
import io.salience.checkpoints.CheckpointKind;
import io.salience.checkpoints.CheckpointService;
import io.salience.support.Jobs;
import io.salience.support.TestDatasets;
import io.salience.training.CheckpointFiles;
import io.salience.training.TrainingSettings;
import io.salience.web.JobRequest;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A crash between an epoch's checkpoint files and their records (after the files were written,
 * before the transaction that records them) leaves the records an epoch behind. The resumed run
 * brings them up to the files, also when that epoch was the last one and nothing else would.
 */
class JobRecordsRepairTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @TempDir
    Path root;

    @Test
    void aResumedJobWhoseRecordsAreAnEpochBehindItsFilesCatchesUp() throws Exception {
        TestDatasets.writeCifarBinary(root.resolve("cifar10"), 64, 16, 42);
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(SalienceApplication.class).run(
                "--server.port=0", "--spring.jmx.enabled=false", "--salience.storage-dir=" + root.resolve("storage"),
                "--salience.datasets.cifar10.path=" + root.resolve("cifar10"),
                "--salience.training.instance-id=repair-test")) {
            TrainingJobRepository jobs = app.getBean(TrainingJobRepository.class);
            JobService service = app.getBean(JobService.class);
            CheckpointService checkpoints = app.getBean(CheckpointService.class);
            JdbcTemplate db = app.getBean(JdbcTemplate.class);
            TrainingSettings settings = new JobRequest(null, null, 2, 16, null, null, 3L, 64, 16, null, null, null,
                    null, null, null, null).toSettings();
            long id = service.submit(settings).getId();
            assertThat(Jobs.awaitFinished(jobs, id, TIMEOUT).getStatus()).isEqualTo(JobStatus.SUCCEEDED);
            CheckpointFiles.Header bestFile = CheckpointFiles.readHeader(
                    app.getBean(io.salience.checkpoints.CheckpointStorage.class).file(id, CheckpointKind.BEST));

            // The records as the crash left them: epoch 2's files written, its records not.
            db.update("delete from epoch_metric where job_id = ? and epoch = 2", id);
            db.update("update checkpoint set epoch = 1 where job_id = ?", id);
            db.update("update training_job set status = 'QUEUED', owner = null, epochs_completed = 1 where id = ?", id);

            TrainingJob repaired = Jobs.awaitJob(jobs, id, TIMEOUT,
                    j -> j.getStatus() == JobStatus.SUCCEEDED && j.getEpochsCompleted() == 2);
            assertThat(repaired.getProgress()).isEqualTo(1.0);
            assertThat(service.metrics(id)).extracting(EpochMetric::getEpoch).containsExactly(1, 2);
            var last = checkpoints.find(id, CheckpointKind.LAST).orElseThrow();
            assertThat(last.getEpoch()).isEqualTo(2);
            assertThat(last.getMisclassifiedCount()).as("recorded again when first asked for").isNull();
            assertThat(checkpoints.find(id, CheckpointKind.BEST).orElseThrow().getEpoch()).isEqualTo(bestFile.epoch());
        }
    }
}
