package io.salience.checkpoints;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface MisclassificationRepository extends JpaRepository<Misclassification, Long> {

    /** Most confident mistakes first; image id breaks ties so the order is stable. */
    @Query("""
            select m from Misclassification m
            where m.checkpointId = :checkpointId
              and (:trueClass is null or m.trueClass = :trueClass)
              and (:predictedClass is null or m.predictedClass = :predictedClass)
            order by m.confidence desc, m.imageId asc""")
    Page<Misclassification> search(@Param("checkpointId") long checkpointId, @Param("trueClass") Integer trueClass,
            @Param("predictedClass") Integer predictedClass, Pageable pageable);

    java.util.List<Misclassification> findByCheckpointId(long checkpointId);

    boolean existsByCheckpointIdAndImageId(long checkpointId, int imageId);

    @Modifying
    @Query("delete from Misclassification m where m.checkpointId = :checkpointId")
    int deleteByCheckpointId(@Param("checkpointId") long checkpointId);
}
