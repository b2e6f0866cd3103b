package io.salience.checkpoints;

import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

public interface CheckpointRepository extends JpaRepository<Checkpoint, Long> {

    Optional<Checkpoint> findByJobIdAndKind(long jobId, CheckpointKind kind);

    List<Checkpoint> findByJobIdOrderByKindAsc(long jobId);

    Page<Checkpoint> findByJobId(long jobId, Pageable pageable);
}
