package io.salience.reports;

import static org.assertj.core.api.Assertions.assertThat;

import io.salience.SalienceApplication;
import io.salience.checkpoints.Checkpoint;
import io.salience.checkpoints.CheckpointKind;
import io.salience.checkpoints.CheckpointRepository;
import io.salience.jobs.TrainingJob;
import io.salience.jobs.TrainingJobRepository;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Several instances share the reports of one database: one runs each report, the others take it
 * over only when its heartbeat stopped, and whoever lost it can no longer write its progress or end.
 */
class ReportOwnershipTest {

    @TempDir
    Path root;

    @Test
    void oneInstanceRunsAReportAndOnlyAStaleOneIsTakenOver() {
        // A heartbeat interval of an hour: this instance's own scan stays out of the rows below.
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(SalienceApplication.class).run(
                "--server.port=0", "--spring.jmx.enabled=false", "--salience.role=api",
                "--salience.training.heartbeat-interval=1h", "--salience.storage-dir=" + root.resolve("storage"))) {
            FaithfulnessReportRepository reports = app.getBean(FaithfulnessReportRepository.class);
            long checkpoint = checkpoint(app);
            Instant now = Instant.now();
            Instant staleBefore = now.minusSeconds(120);
            Instant ownStaleBefore = now.minusSeconds(20);

            long queued = reports.save(new FaithfulnessReport(checkpoint, "1@t", "k1", "{}", 4)).getId();
            assertThat(reports.claim(queued, "a", now, ownStaleBefore, staleBefore)).isEqualTo(1);
            assertThat(reports.claim(queued, "b", now, ownStaleBefore, staleBefore)).as("a runs it, beating").isZero();
            assertThat(reports.claim(queued, "a", now, ownStaleBefore, staleBefore)).as("a runs it already").isZero();

            long abandoned = reports.save(new FaithfulnessReport(checkpoint, "1@t", "k2", "{}", 4)).getId();
            assertThat(reports.claim(abandoned, "a", now.minusSeconds(300), ownStaleBefore, staleBefore)).isEqualTo(1);
            assertThat(reports.claim(abandoned, "b", now, ownStaleBefore, staleBefore)).as("a stopped beating").isEqualTo(1);
            assertThat(reports.progress(abandoned, 2, "a", now)).as("a lost it").isZero();
            assertThat(reports.finish(abandoned, "a", ReportStatus.SUCCEEDED, null, 2, now)).isZero();
            assertThat(reports.progress(abandoned, 2, "b", now)).isEqualTo(1);
            assertThat(reports.finish(abandoned, "b", ReportStatus.SUCCEEDED, null, 4, now)).isEqualTo(1);
            assertThat(reports.findById(abandoned).orElseThrow().getStatus()).isEqualTo(ReportStatus.SUCCEEDED);
            assertThat(reports.claim(abandoned, "c", now, ownStaleBefore, staleBefore)).as("finished").isZero();

            // A restart of "a" takes back its report once two beats are missed, not before.
            long restarted = reports.save(new FaithfulnessReport(checkpoint, "1@t", "k3", "{}", 4)).getId();
            assertThat(reports.claim(restarted, "a", now.minusSeconds(5), ownStaleBefore, staleBefore)).isEqualTo(1);
            assertThat(reports.claim(restarted, "a", now, ownStaleBefore, staleBefore)).isZero();
            assertThat(reports.heartbeat(restarted, "a", now.minusSeconds(30))).isEqualTo(1);
            assertThat(reports.claim(restarted, "a", now, ownStaleBefore, staleBefore)).isEqualTo(1);

            // A cancel of a report nobody runs any more ends it; of a running one, it is left to its owner.
            assertThat(reports.requestCancel(restarted)).isEqualTo(1);
            assertThat(reports.cancelAbandoned(restarted, now, staleBefore)).as("a beats it").isZero();
            assertThat(reports.heartbeat(restarted, "a", now.minusSeconds(300))).isEqualTo(1);
            assertThat(reports.claim(restarted, "b", now, ownStaleBefore, staleBefore)).as("cancelled").isZero();
            assertThat(reports.cancelAbandoned(restarted, now, staleBefore)).isEqualTo(1);
            assertThat(reports.findById(restarted).orElseThrow().getStatus()).isEqualTo(ReportStatus.CANCELLED);
        }
    }

    private static long checkpoint(ConfigurableApplicationContext app) {
        TrainingJob job = app.getBean(TrainingJobRepository.class)
                .save(new TrainingJob("cifar10", "{}", 1, 0.001, Instant.now()));
        Checkpoint checkpoint = new Checkpoint(job.getId(), CheckpointKind.BEST);
        checkpoint.replaced(1, 0.5, 1.0, 10, "best.ckpt", Instant.now());
        return app.getBean(CheckpointRepository.class).save(checkpoint).getId();
    }
}
