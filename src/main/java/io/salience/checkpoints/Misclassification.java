package io.salience.checkpoints;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A test image that a checkpoint classifies wrongly, with how sure it was. */
@Entity
@Table(name = "misclassification")
public class Misclassification {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    private long checkpointId;
    private int imageId;
    private int trueClass;
    private int predictedClass;
    private double confidence;
    private double trueClassProbability;

    protected Misclassification() {}

    public Misclassification(long checkpointId, int imageId, int trueClass, int predictedClass, double confidence,
            double trueClassProbability) {
        this.checkpointId = checkpointId;
        this.imageId = imageId;
        this.trueClass = trueClass;
        this.predictedClass = predictedClass;
        this.confidence = confidence;
        this.trueClassProbability = trueClassProbability;
    }

    public long getCheckpointId() { return checkpointId; }
    public int getImageId() { return imageId; }
    public int getTrueClass() { return trueClass; }
    public int getPredictedClass() { return predictedClass; }
    public double getConfidence() { return confidence; }
    public double getTrueClassProbability() { return trueClassProbability; }
}
