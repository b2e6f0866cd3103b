package io.salience.jobs;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;
import org.springframework.transaction.annotation.Transactional;

public interface EpochMetricRepository extends JpaRepository<EpochMetric, Long> {

    List<EpochMetric> findByJobIdOrderByEpochAsc(long jobId);

    @Transactional
    @Modifying
    @Query("delete from EpochMetric m where m.jobId = :jobId and m.epoch = :epoch")
    int deleteEpoch(@Param("jobId") long jobId, @Param("epoch") int epoch);
}
