package io.salience.checkpoints;

import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import jakarta.persistence.LockModeType;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface CheckpointRepository extends JpaRepository<Checkpoint, Long> {

    Optional<Checkpoint> findByJobIdAndKind(long jobId, CheckpointKind kind);

    /** The row, locked until the transaction ends, so that recorders of its mistakes take turns. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select c from Checkpoint c where c.id = :id")
    Optional<Checkpoint> lockById(@Param("id") long id);

    List<Checkpoint> findByJobIdOrderByKindAsc(long jobId);

    Page<Checkpoint> findByJobId(long jobId, Pageable pageable);
}
