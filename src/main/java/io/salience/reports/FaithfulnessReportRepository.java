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

    /** Work done so far (a cancel request is a separate column, so this never overwrites it). */
    @Modifying
    @Transactional
    @Query("update FaithfulnessReport r set r.workDone = :done where r.id = :id")
    int progress(long id, int done);

    @Modifying
    @Transactional
    @Query("update FaithfulnessReport r set r.cancelRequested = true where r.id = :id")
    int requestCancel(long id);

    /** QUEUED → RUNNING; 0 when the report is in another state (cancelled meanwhile, say). */
    @Modifying
    @Transactional
    @Query("update FaithfulnessReport r set r.status = io.salience.reports.ReportStatus.RUNNING where r.id = :id "
            + "and r.status in (io.salience.reports.ReportStatus.QUEUED, io.salience.reports.ReportStatus.RUNNING) "
            + "and r.cancelRequested = false")
    int markRunning(long id);

    /** A queued report that never started is cancelled at once. */
    @Modifying
    @Transactional
    @Query("update FaithfulnessReport r set r.status = io.salience.reports.ReportStatus.CANCELLED, r.finishedAt = :now "
            + "where r.id = :id and r.status = io.salience.reports.ReportStatus.QUEUED")
    int cancelQueued(long id, java.time.Instant now);
}
