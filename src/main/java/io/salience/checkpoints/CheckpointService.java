package io.salience.checkpoints;

import io.salience.errors.NotFoundException;
import io.salience.training.Evaluator;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Checkpoint records and the misclassified test images recorded for them. */
@Service
public class CheckpointService {

    private final CheckpointRepository checkpoints;
    private final MisclassificationRepository mistakes;
    private final CheckpointStorage storage;
    private final JdbcTemplate jdbc;

    public CheckpointService(CheckpointRepository checkpoints, MisclassificationRepository mistakes,
            CheckpointStorage storage, JdbcTemplate jdbc) {
        this.checkpoints = checkpoints;
        this.mistakes = mistakes;
        this.storage = storage;
        this.jdbc = jdbc;
    }

    public Checkpoint get(long id) {
        return checkpoints.findById(id).orElseThrow(() -> new NotFoundException("checkpoint " + id + " does not exist"));
    }

    public List<Checkpoint> forJob(long jobId) {
        return checkpoints.findByJobIdOrderByKindAsc(jobId);
    }

    public Page<Checkpoint> list(Long jobId, int page, int size) {
        PageRequest request = PageRequest.of(page, size, Sort.by(Sort.Direction.DESC, "id"));
        return jobId == null ? checkpoints.findAll(request) : checkpoints.findByJobId(jobId, request);
    }

    /** A local file with the checkpoint's weights (downloaded into the cache first with a remote store). */
    public Path file(Checkpoint checkpoint) {
        return storage.readable(checkpoint);
    }

    /** A job's checkpoint row of one kind, if it has one. */
    public java.util.Optional<Checkpoint> find(long jobId, CheckpointKind kind) {
        return checkpoints.findByJobIdAndKind(jobId, kind);
    }

    /** Creates or updates the row of a job's checkpoint after its file was (re)written. */
    @Transactional
    public Checkpoint recordFile(long jobId, CheckpointKind kind, int epoch, double testAccuracy, double testLoss,
            long sizeBytes, Instant at) {
        Checkpoint row = checkpoints.findByJobIdAndKind(jobId, kind)
                .flatMap(found -> checkpoints.lockById(found.getId())) // same lock order as recordMistakes
                .orElseGet(() -> new Checkpoint(jobId, kind));
        if (row.getId() != null) {
            mistakes.deleteByCheckpointId(row.getId());
        }
        row.replaced(epoch, testAccuracy, testLoss, sizeBytes, storage.file(jobId, kind).getFileName().toString(), at);
        return checkpoints.save(row);
    }

    /**
     * Replaces the misclassification records of a checkpoint with an evaluation's mistakes,
     * unless the checkpoint's file was replaced by a newer epoch meanwhile.
     */
    @Transactional
    public void recordMistakes(long checkpointId, int evaluatedEpoch, List<Evaluator.Mistake> found) {
        Checkpoint checkpoint = checkpoints.lockById(checkpointId)
                .orElseThrow(() -> new NotFoundException("checkpoint " + checkpointId + " does not exist"));
        if (checkpoint.getEpoch() != evaluatedEpoch || checkpoint.getMisclassifiedCount() != null) {
            return; // rewritten meanwhile, or another recorder was first
        }
        mistakes.deleteByCheckpointId(checkpointId);
        insert(checkpointId, found);
        checkpoint.setMisclassifiedCount(found.size());
        checkpoints.save(checkpoint);
    }

    /**
     * One batched insert: an early epoch of a 10,000-image test set leaves thousands of mistakes
     * per checkpoint, and identity keys would make JPA insert them one statement at a time.
     */
    private void insert(long checkpointId, List<Evaluator.Mistake> found) {
        jdbc.batchUpdate("""
                INSERT INTO misclassification
                    (checkpoint_id, image_id, true_class, predicted_class, confidence, true_class_probability)
                VALUES (?, ?, ?, ?, ?, ?)""", found, 500, (statement, m) -> {
            statement.setLong(1, checkpointId);
            statement.setInt(2, m.imageId());
            statement.setInt(3, m.trueClass());
            statement.setInt(4, m.predictedClass());
            statement.setDouble(5, m.confidence());
            statement.setDouble(6, m.trueClassProbability());
        });
    }

    /** Makes a row describe the file it names, after a crash left the row behind the file. */
    @Transactional
    public void repair(long checkpointId, int epoch, double testAccuracy, double testLoss, long sizeBytes) {
        checkpoints.lockById(checkpointId).ifPresent(row -> {
            mistakes.deleteByCheckpointId(checkpointId);
            row.replaced(epoch, testAccuracy, testLoss, sizeBytes, row.getFileName(), Instant.now());
        });
    }

    /** Whether a checkpoint with recorded mistakes got this test image wrong. */
    public boolean isMisclassified(long checkpointId, int imageId) {
        return mistakes.existsByCheckpointIdAndImageId(checkpointId, imageId);
    }

    /** Every recorded mistake of a checkpoint, for a confusion matrix. */
    public List<Misclassification> allMistakes(long checkpointId) {
        return mistakes.findByCheckpointId(checkpointId);
    }

    public Page<Misclassification> mistakes(long checkpointId, Integer trueClass, Integer predictedClass, int offset,
            int limit) {
        get(checkpointId);
        return mistakes.search(checkpointId, trueClass, predictedClass, new OffsetRequest(offset, limit));
    }
}
