package io.salience.reports;

/** Where a faithfulness report is: QUEUED → RUNNING → SUCCEEDED, FAILED or CANCELLED. */
public enum ReportStatus {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    public boolean finished() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
