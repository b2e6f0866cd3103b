package io.salience.reports;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One asynchronous faithfulness evaluation of a checkpoint version: its request, its state and
 * progress (work = images x methods); the scores are {@link FaithfulnessResult} rows.
 */
@Entity
@Table(name = "faithfulness_report")
public class FaithfulnessReport {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private long checkpointId;
    /** The checkpoint's epoch and time: a LAST checkpoint rewritten later is another version. */
    private String checkpointVersion;
    private String requestKey;
    private String requestJson;
    @Enumerated(EnumType.STRING)
    private ReportStatus status;
    private int workTotal;
    private int workDone;
    private boolean cancelRequested;
    private String error;
    private Instant createdAt;
    private Instant finishedAt;
    /** The instance computing it while RUNNING, and when it last said so. */
    private String owner;
    private Instant heartbeatAt;

    protected FaithfulnessReport() {}

    public FaithfulnessReport(long checkpointId, String checkpointVersion, String requestKey, String requestJson,
            int workTotal) {
        this.checkpointId = checkpointId;
        this.checkpointVersion = checkpointVersion;
        this.requestKey = requestKey;
        this.requestJson = requestJson;
        this.workTotal = workTotal;
        this.status = ReportStatus.QUEUED;
        this.createdAt = Instant.now();
    }

    public Long getId() { return id; }
    public long getCheckpointId() { return checkpointId; }
    public String getCheckpointVersion() { return checkpointVersion; }
    public String getRequestKey() { return requestKey; }
    public String getRequestJson() { return requestJson; }
    public ReportStatus getStatus() { return status; }
    public int getWorkTotal() { return workTotal; }
    public int getWorkDone() { return workDone; }
    public boolean isCancelRequested() { return cancelRequested; }
    public String getError() { return error; }
    public Instant getCreatedAt() { return createdAt; }
    public Instant getFinishedAt() { return finishedAt; }
    public String getOwner() { return owner; }
    public Instant getHeartbeatAt() { return heartbeatAt; }

}
