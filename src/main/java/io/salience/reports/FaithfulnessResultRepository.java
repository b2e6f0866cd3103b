package io.salience.reports;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

public interface FaithfulnessResultRepository extends JpaRepository<FaithfulnessResult, Long> {

    List<FaithfulnessResult> findByReportIdOrderByMethodAscImageIdAsc(long reportId);

    boolean existsByReportIdAndMethodAndImageId(long reportId, String method, int imageId);

    long countByReportId(long reportId);
}
