package io.salience.jobs;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;

/** One logged optimizer step of a job: what the per-step curves are drawn from. */
@Entity
@Table(name = "step_metric")
public class StepMetric {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "step_metric_seq")
    @SequenceGenerator(name = "step_metric_seq", sequenceName = "step_metric_seq", allocationSize = 50)
    private Long id;

    private long jobId;
    private long step;
    private int epoch;
    private double loss;
    private double learningRate;
    /** Null where the step's gradient norm was not measured. */
    private Double gradientNorm;

    protected StepMetric() {}

    public StepMetric(long jobId, long step, int epoch, double loss, double learningRate, Double gradientNorm) {
        this.jobId = jobId;
        this.step = step;
        this.epoch = epoch;
        this.loss = loss;
        this.learningRate = learningRate;
        this.gradientNorm = gradientNorm;
    }

    public long getJobId() { return jobId; }
    public long getStep() { return step; }
    public int getEpoch() { return epoch; }
    public double getLoss() { return loss; }
    public double getLearningRate() { return learningRate; }
    public Double getGradientNorm() { return gradientNorm; }
}
