package io.salience.errors;

/** Too much work is queued already; answered with 503 and {@code Retry-After}. */
public class BusyException extends UnavailableException {

    private final long retryAfterSeconds;

    public BusyException(String message, long retryAfterSeconds) {
        super(message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
