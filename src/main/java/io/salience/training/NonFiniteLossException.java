package io.salience.training;

/** The loss became NaN or infinite: the run cannot recover, and says where it happened. */
public class NonFiniteLossException extends RuntimeException {
    public NonFiniteLossException(float loss, int epoch, int batch) {
        super("the training loss became " + loss + " in epoch " + epoch + ", batch " + batch
                + "; try a lower learning rate");
    }
}
