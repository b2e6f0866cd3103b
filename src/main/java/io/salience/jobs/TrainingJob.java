package io.salience.jobs;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A training job as stored. The runner changes progress columns with targeted updates (see
 * {@link TrainingJobRepository}) so that it never overwrites a concurrent cancel request.
 */
@Entity
@Table(name = "training_job")
public class TrainingJob {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Enumerated(EnumType.STRING)
    private JobStatus status;

    private String dataset;

    @Column(name = "settings_json")
    private String settingsJson;

    private int epochs;
    private int epochsCompleted;
    private double progress;
    private Double imagesPerSecond;
    private Long etaSeconds;
    private Double learningRate;
    private Double bestTestAccuracy;
    private String error;
    private boolean cancelRequested;
    private String owner;
    private Instant heartbeatAt;
    private Instant createdAt;
    private Instant startedAt;
    private Instant finishedAt;

    protected TrainingJob() {}

    public TrainingJob(String dataset, String settingsJson, int epochs, double learningRate, Instant createdAt) {
        this.status = JobStatus.QUEUED;
        this.dataset = dataset;
        this.settingsJson = settingsJson;
        this.epochs = epochs;
        this.learningRate = learningRate;
        this.createdAt = createdAt;
    }

    public Long getId() { return id; }
    public JobStatus getStatus() { return status; }
    public String getDataset() { return dataset; }
    public String getSettingsJson() { return settingsJson; }
    public int getEpochs() { return epochs; }
    public int getEpochsCompleted() { return epochsCompleted; }
    public double getProgress() { return progress; }
    public Double getImagesPerSecond() { return imagesPerSecond; }
    public Long getEtaSeconds() { return etaSeconds; }
    public Double getLearningRate() { return learningRate; }
    public Double getBestTestAccuracy() { return bestTestAccuracy; }
    public String getError() { return error; }
    public boolean isCancelRequested() { return cancelRequested; }
    public String getOwner() { return owner; }
    public Instant getHeartbeatAt() { return heartbeatAt; }
    public Instant getCreatedAt() { return createdAt; }
    public Instant getStartedAt() { return startedAt; }
    public Instant getFinishedAt() { return finishedAt; }
}
