package io.salience.training;

/** The loss became NaN or infinite: the run cannot recover, and says where it happened. */
public class NonFiniteLossException extends RuntimeException {

    /**
     * @param firstBatch the first batch whose loss had not been read yet (the loop reads it every few batches)
     * @param lastBatch the batch at which the sum was read and found not finite
     */
    public NonFiniteLossException(double loss, int epoch, int firstBatch, int lastBatch) {
        super("the training loss became " + loss + " in epoch " + epoch
                + (firstBatch == lastBatch ? ", batch " + lastBatch : ", batches " + firstBatch + "-" + lastBatch)
                + "; try a lower learning rate");
    }
}
