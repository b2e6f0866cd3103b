package io.salience.jobs;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One finished epoch of a job: what the accuracy plots are drawn from. */
@Entity
@Table(name = "epoch_metric")
public class EpochMetric {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private long jobId;
    private int epoch;
    private double trainLoss;
    private double trainAccuracy;
    private double testLoss;
    private double testAccuracy;
    private double learningRate;
    private double durationSeconds;

    protected EpochMetric() {}

    public EpochMetric(long jobId, int epoch, double trainLoss, double trainAccuracy, double testLoss,
            double testAccuracy, double learningRate, double durationSeconds) {
        this.jobId = jobId;
        this.epoch = epoch;
        this.trainLoss = trainLoss;
        this.trainAccuracy = trainAccuracy;
        this.testLoss = testLoss;
        this.testAccuracy = testAccuracy;
        this.learningRate = learningRate;
        this.durationSeconds = durationSeconds;
    }

    public long getJobId() { return jobId; }
    public int getEpoch() { return epoch; }
    public double getTrainLoss() { return trainLoss; }
    public double getTrainAccuracy() { return trainAccuracy; }
    public double getTestLoss() { return testLoss; }
    public double getTestAccuracy() { return testAccuracy; }
    public double getLearningRate() { return learningRate; }
    public double getDurationSeconds() { return durationSeconds; }
}
