package io.salience.console;

import io.salience.jobs.JobStatus;
import io.salience.jobs.TrainingJob;

/** A job as one row of the console's table: numbers already formatted for people. */
public record JobRow(long id, String status, boolean active, String dataset, int percent,
        String epochs, String imagesPerSecond, String eta, String bestAccuracy, boolean cancelRequested) {

    static JobRow of(TrainingJob job) {
        JobStatus status = job.getStatus();
        boolean running = status == JobStatus.RUNNING;
        return new JobRow(job.getId(), status.name(), !status.isFinished(), job.getDataset(),
                (int) Math.floor(job.getProgress() * 100), job.getEpochsCompleted() + " / " + job.getEpochs(),
                running && job.getImagesPerSecond() != null ? String.format("%.1f", job.getImagesPerSecond()) : "",
                running ? duration(job.getEtaSeconds()) : "",
                job.getBestTestAccuracy() == null ? "" : String.format("%.2f %%", job.getBestTestAccuracy() * 100),
                job.isCancelRequested());
    }

    /** 3725 s as "1 h 02 min", 75 s as "1 min 15 s". */
    static String duration(Long seconds) {
        if (seconds == null || seconds < 0) {
            return "";
        }
        long h = seconds / 3600, m = seconds % 3600 / 60, s = seconds % 60;
        return h > 0 ? String.format("%d h %02d min", h, m) : m > 0 ? String.format("%d min %02d s", m, s) : s + " s";
    }
}
