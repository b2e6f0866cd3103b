package io.salience.jobs;

/** Published when a job is queued, so that an idle runner starts it without waiting for its poll. */
public record JobSubmitted(long jobId) {}
