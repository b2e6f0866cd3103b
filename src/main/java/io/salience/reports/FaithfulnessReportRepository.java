package io.salience.reports;

import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.transaction.annotation.Transactional;

public interface FaithfulnessReportRepository extends JpaRepository<FaithfulnessReport, Long> {

    Optional<FaithfulnessReport> findFirstByCheckpointIdAndCheckpointVersionAndRequestKeyAndStatusNotIn(
            long checkpointId, String checkpointVersion, String requestKey, List<ReportStatus> excluded);

    Page<FaithfulnessReport> findByCheckpointIdOrderByIdDesc(long checkpointId, Pageable pageable);

    List<FaithfulnessReport> findByStatusInOrderByIdAsc(List<ReportStatus> statuses);

    /** Work done so far, by its owner, which beats its heartbeat with it; 0 when it lost the report. */
    @Modifying
    @Transactional
    @Query("update FaithfulnessReport r set r.workDone = :done, r.heartbeatAt = :now where r.id = :id "
            + "and r.owner = :owner and r.status = io.salience.reports.ReportStatus.RUNNING")
    int progress(long id, int done, String owner, java.time.Instant now);

    @Modifying
    @Transactional
    @Query("update FaithfulnessReport r set r.heartbeatAt = :now where r.id = :id and r.owner = :owner "
            + "and r.status = io.salience.reports.ReportStatus.RUNNING")
    int heartbeat(long id, String owner, java.time.Instant now);

    /** The end of a report, written only by its owner. */
    @Modifying
    @Transactional
    @Query("update FaithfulnessReport r set r.status = :status, r.error = :error, r.workDone = :done, "
            + "r.finishedAt = :now where r.id = :id and r.owner = :owner "
            + "and r.status = io.salience.reports.ReportStatus.RUNNING")
    int finish(long id, String owner, ReportStatus status, String error, int done, java.time.Instant now);

    @Modifying
    @Transactional
    @Query("update FaithfulnessReport r set r.cancelRequested = true where r.id = :id")
    int requestCancel(long id);

    /**
     * Takes a report for {@code owner}: a queued one, or a running one whose heartbeat stopped
     * (before {@code staleBefore}; this owner's own from before {@code ownStaleBefore}, left by an
     * earlier process of its name). 0 when another instance runs it, or it was cancelled or ended.
     */
    @Modifying
    @Transactional
    @Query("update FaithfulnessReport r set r.status = io.salience.reports.ReportStatus.RUNNING, r.owner = :owner, "
            + "r.heartbeatAt = :now where r.id = :id and r.cancelRequested = false "
            + "and (r.status = io.salience.reports.ReportStatus.QUEUED "
            + "or (r.status = io.salience.reports.ReportStatus.RUNNING and (r.heartbeatAt is null "
            + "or r.heartbeatAt < :staleBefore or (r.owner = :owner and r.heartbeatAt < :ownStaleBefore))))")
    int claim(long id, String owner, java.time.Instant now, java.time.Instant ownStaleBefore,
            java.time.Instant staleBefore);

    /** A cancelled report that nobody runs (queued, or its instance stopped beating) ends as CANCELLED. */
    @Modifying
    @Transactional
    @Query("update FaithfulnessReport r set r.status = io.salience.reports.ReportStatus.CANCELLED, r.finishedAt = :now "
            + "where r.id = :id and r.cancelRequested = true and (r.status = io.salience.reports.ReportStatus.QUEUED "
            + "or (r.status = io.salience.reports.ReportStatus.RUNNING and (r.heartbeatAt is null "
            + "or r.heartbeatAt < :staleBefore)))")
    int cancelAbandoned(long id, java.time.Instant now, java.time.Instant staleBefore);

    /** A queued report that never started is cancelled at once. */
    @Modifying
    @Transactional
    @Query("update FaithfulnessReport r set r.status = io.salience.reports.ReportStatus.CANCELLED, r.finishedAt = :now "
            + "where r.id = :id and r.status = io.salience.reports.ReportStatus.QUEUED")
    int cancelQueued(long id, java.time.Instant now);
}
