package io.salience.jobs;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface StepMetricRepository extends JpaRepository<StepMetric, Long> {

    List<StepMetric> findByJobIdAndStepGreaterThanOrderByStepAsc(long jobId, long afterStep);

    /** Removes the rows from {@code step} on: a resumed epoch logs those steps again. */
    @Modifying
    @Query("delete from StepMetric m where m.jobId = :jobId and m.step >= :step")
    int deleteFrom(@Param("jobId") long jobId, @Param("step") long step);
}
