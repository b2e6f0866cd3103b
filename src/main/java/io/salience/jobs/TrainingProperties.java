package io.salience.jobs;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the job runner ({@code salience.training.*}).
 *
 * @param maxConcurrentJobs jobs trained at the same time by this instance; the rest wait QUEUED
 * @param dataWorkers threads that decode, augment and batch images ahead of the model
 * @param pollInterval how often the runner looks for queued jobs (it is also woken on submit)
 * @param instanceId names this instance as the owner of the jobs it runs; a restarted instance
 *     with the same id resumes its jobs at once (empty: the host name)
 * @param heartbeatInterval how often a running job's heartbeat is written
 * @param heartbeatTimeout after how long without a heartbeat another instance takes a job over
 * @param stepLogInterval record the training loss, learning rate and gradient norm every this many
 *     optimizer steps (and the first step)
 * @param eventPollInterval how often events of jobs that other instances train are read from their
 *     rows for this instance's subscribers (under PostgreSQL a notification also wakes the relay at once)
 * @param prepareBatchesAhead whether the data workers assemble training batches while the previous
 *     step runs ({@code true}) or the training thread assembles each before its step ({@code false});
 *     unset: ahead on a GPU or when the engine leaves cores to spare, inline otherwise
 *     ({@link io.salience.training.BatchPreparation})
 */
@ConfigurationProperties("salience.training")
public record TrainingProperties(
        @DefaultValue("1") int maxConcurrentJobs,
        @DefaultValue("2") int dataWorkers,
        @DefaultValue("1s") Duration pollInterval,
        String instanceId,
        @DefaultValue("10s") Duration heartbeatInterval,
        @DefaultValue("2m") Duration heartbeatTimeout,
        @DefaultValue("10") int stepLogInterval,
        @DefaultValue("1s") Duration eventPollInterval,
        Boolean prepareBatchesAhead) {

    /** This instance's owner name for the jobs and reports it runs: {@code instanceId}, or the host name. */
    public String owner() {
        if (instanceId != null && !instanceId.isBlank()) {
            return instanceId;
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "salience";
        }
    }
}
