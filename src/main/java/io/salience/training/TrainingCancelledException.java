package io.salience.training;

/** The run stopped between two batches because its listener asked it to. */
public class TrainingCancelledException extends RuntimeException {
    public TrainingCancelledException(int epoch, int batch) {
        super("cancelled in epoch " + epoch + " before batch " + batch);
    }
}
