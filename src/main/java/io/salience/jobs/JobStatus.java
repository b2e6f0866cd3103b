package io.salience.jobs;

/** The life of a training job: QUEUED -> RUNNING -> SUCCEEDED | FAILED | CANCELLED. */
public enum JobStatus {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED;

    public boolean isFinished() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
