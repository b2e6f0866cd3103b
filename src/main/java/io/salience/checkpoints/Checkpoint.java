package io.salience.checkpoints;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A checkpoint file's record. A job has at most one of each kind; the row is updated in place
 * when a newer file replaces the old one, so its id stays valid for clients.
 */
@Entity
@Table(name = "checkpoint")
public class Checkpoint {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private long jobId;

    @Enumerated(EnumType.STRING)
    private CheckpointKind kind;

    private int epoch;
    private double testAccuracy;
    private double testLoss;
    private long sizeBytes;
    private String fileName;
    private Integer misclassifiedCount;
    private Instant createdAt;

    protected Checkpoint() {}

    public Checkpoint(long jobId, CheckpointKind kind) {
        this.jobId = jobId;
        this.kind = kind;
    }

    /** Points the row at a newly written file; any misclassification count belongs to the old one. */
    public void replaced(int epoch, double testAccuracy, double testLoss, long sizeBytes, String fileName, Instant at) {
        this.epoch = epoch;
        this.testAccuracy = testAccuracy;
        this.testLoss = testLoss;
        this.sizeBytes = sizeBytes;
        this.fileName = fileName;
        this.misclassifiedCount = null;
        this.createdAt = at;
    }

    public void setMisclassifiedCount(Integer count) {
        this.misclassifiedCount = count;
    }

    public Long getId() { return id; }
    public long getJobId() { return jobId; }
    public CheckpointKind getKind() { return kind; }
    public int getEpoch() { return epoch; }
    public double getTestAccuracy() { return testAccuracy; }
    public double getTestLoss() { return testLoss; }
    public long getSizeBytes() { return sizeBytes; }
    public String getFileName() { return fileName; }
    public Integer getMisclassifiedCount() { return misclassifiedCount; }
    public Instant getCreatedAt() { return createdAt; }
}
