package io.salience.jobs;

/**
 * This instance no longer owns a job it was running: another instance took it over (this one
 * looked dead, its heartbeat too old) or it was deleted. The work stops without touching the job.
 */
public class LostJobException extends RuntimeException {
    public LostJobException(long jobId, String owner) {
        super("job " + jobId + " is no longer run by '" + owner + "'");
    }
}
