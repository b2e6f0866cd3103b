package io.salience.jobs;

import java.time.Instant;
import java.util.List;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;
import org.springframework.transaction.annotation.Transactional;

/**
 * Jobs, with the state changes done as conditional updates: a change applies only from the
 * state it expects, so concurrent actors (HTTP threads, runners, other instances) never undo
 * each other's work.
 */
public interface TrainingJobRepository extends JpaRepository<TrainingJob, Long> {

    Page<TrainingJob> findAllByOrderByIdDesc(Pageable pageable);

    long countByStatus(JobStatus status);

    List<TrainingJob> findByStatusOrderByIdAsc(JobStatus status, Limit limit);

    /** Takes a queued job for {@code owner}; 1 if this caller won it, 0 if someone else did. */
    @Transactional
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("""
            update TrainingJob j set j.status = io.salience.jobs.JobStatus.RUNNING, j.owner = :owner,
                   j.heartbeatAt = :now, j.startedAt = coalesce(j.startedAt, :now)
            where j.id = :id and j.status = io.salience.jobs.JobStatus.QUEUED""")
    int claim(@Param("id") long id, @Param("owner") String owner, @Param("now") Instant now);

    @Transactional
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("""
            update TrainingJob j set j.progress = :progress, j.imagesPerSecond = :imagesPerSecond,
                   j.etaSeconds = :etaSeconds, j.learningRate = :learningRate, j.heartbeatAt = :now
            where j.id = :id and j.owner = :owner and j.status = io.salience.jobs.JobStatus.RUNNING""")
    int updateProgress(@Param("id") long id, @Param("owner") String owner, @Param("progress") double progress,
            @Param("imagesPerSecond") double imagesPerSecond, @Param("etaSeconds") long etaSeconds,
            @Param("learningRate") double learningRate, @Param("now") Instant now);

    @Transactional
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("""
            update TrainingJob j set j.epochsCompleted = :epochs, j.progress = :progress,
                   j.learningRate = :learningRate, j.bestTestAccuracy = :best, j.heartbeatAt = :now
            where j.id = :id and j.owner = :owner and j.status = io.salience.jobs.JobStatus.RUNNING""")
    int updateEpochs(@Param("id") long id, @Param("owner") String owner, @Param("epochs") int epochsCompleted, @Param("progress") double progress,
            @Param("learningRate") double learningRate, @Param("best") Double bestTestAccuracy,
            @Param("now") Instant now);

    @Transactional
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("""
            update TrainingJob j set j.heartbeatAt = :now
            where j.id in :ids and j.owner = :owner and j.status = io.salience.jobs.JobStatus.RUNNING""")
    int heartbeat(@Param("ids") List<Long> ids, @Param("owner") String owner, @Param("now") Instant now);

    /** Ends a job this owner runs; the error is kept only for FAILED. 0 when it runs elsewhere now. */
    @Transactional
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("""
            update TrainingJob j set j.status = :status, j.error = :error, j.finishedAt = :now,
                   j.etaSeconds = null, j.progress = case when :status = io.salience.jobs.JobStatus.SUCCEEDED
                   then 1.0 else j.progress end
            where j.id = :id and j.owner = :owner and j.status = io.salience.jobs.JobStatus.RUNNING""")
    int finish(@Param("id") long id, @Param("owner") String owner, @Param("status") JobStatus status, @Param("error") String error,
            @Param("now") Instant now);

    /** Cancels a job that has not started yet. */
    @Transactional
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("""
            update TrainingJob j set j.status = io.salience.jobs.JobStatus.CANCELLED, j.finishedAt = :now
            where j.id = :id and j.status = io.salience.jobs.JobStatus.QUEUED""")
    int cancelQueued(@Param("id") long id, @Param("now") Instant now);

    /** Asks a running job, wherever it runs, to stop. */
    @Transactional
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("""
            update TrainingJob j set j.cancelRequested = true
            where j.id = :id and j.status = io.salience.jobs.JobStatus.RUNNING""")
    int requestCancel(@Param("id") long id);

    @Query("select j.cancelRequested from TrainingJob j where j.id = :id")
    Boolean isCancelRequested(@Param("id") long id);

    /**
     * Puts back in the queue the running jobs of an instance that restarted (its name's jobs whose
     * heartbeat stopped a couple of beats ago: a live process of the same name still beats its own),
     * or whose instance stopped sending heartbeats; the next runner resumes them from LAST.
     */
    @Transactional
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("""
            update TrainingJob j set j.status = io.salience.jobs.JobStatus.QUEUED, j.owner = null
            where j.status = io.salience.jobs.JobStatus.RUNNING
              and ((j.owner = :owner and j.heartbeatAt < :ownStaleBefore) or j.heartbeatAt < :staleBefore)""")
    int requeueOrphans(@Param("owner") String owner, @Param("ownStaleBefore") Instant ownStaleBefore,
            @Param("staleBefore") Instant staleBefore);

    /**
     * Hands a job back to the queue when its instance shuts down gracefully (it stopped between
     * two batches): another instance claims it at once and resumes it from its LAST checkpoint.
     */
    @Transactional
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("""
            update TrainingJob j set j.status = io.salience.jobs.JobStatus.QUEUED, j.owner = null
            where j.id = :id and j.status = io.salience.jobs.JobStatus.RUNNING and j.owner = :owner""")
    int handBack(@Param("id") long id, @Param("owner") String owner);

    /**
     * Puts back in the queue the running jobs whose heartbeat stopped: other instances', and those
     * under this instance's name that this process does not run (left by an earlier process of the
     * same name). Never the jobs this process runs ({@code running}; {@code [-1]} when none).
     */
    @Transactional
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("""
            update TrainingJob j set j.status = io.salience.jobs.JobStatus.QUEUED, j.owner = null
            where j.status = io.salience.jobs.JobStatus.RUNNING and j.heartbeatAt < :staleBefore
              and (j.owner is null or j.owner <> :self or j.id not in :running)""")
    int requeueStale(@Param("staleBefore") Instant staleBefore, @Param("self") String self,
            @Param("running") java.util.Collection<Long> running);

    /** Deletes a job that is not running; 0 when it runs (or does not exist). */
    @Transactional
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("delete from TrainingJob j where j.id = :id and j.status <> io.salience.jobs.JobStatus.RUNNING")
    int deleteIfNotRunning(@Param("id") long id);
}
