package io.salience.web;

import io.salience.jobs.JobStatus;
import io.salience.jobs.TrainingJob;
import io.salience.training.TrainingSettings;
import java.time.Instant;

/** A job as the API shows it. {@code progress} runs from 0 to 1 over the whole job. */
public record JobView(
        long id,
        JobStatus status,
        String dataset,
        TrainingSettings request,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        int epochsCompleted,
        int epochs,
        double progress,
        Double imagesPerSecond,
        Long etaSeconds,
        Double learningRate,
        Double bestTestAccuracy,
        boolean cancelRequested,
        String error) {

    static JobView of(TrainingJob job, TrainingSettings settings) {
        return new JobView(job.getId(), job.getStatus(), job.getDataset(), settings, job.getCreatedAt(),
                job.getStartedAt(), job.getFinishedAt(), job.getEpochsCompleted(), job.getEpochs(), job.getProgress(),
                job.getImagesPerSecond(), job.getStatus() == JobStatus.RUNNING ? job.getEtaSeconds() : null,
                job.getLearningRate(), job.getBestTestAccuracy(), job.isCancelRequested(),
                job.getStatus() == JobStatus.FAILED ? job.getError() : null);
    }
}
