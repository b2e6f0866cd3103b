package io.salience.errors;

/**
 * A result is being computed in the background and was not ready within the request's short
 * wait; answered with 202 Accepted and {@code Retry-After}: the same request later returns it.
 */
public class StillComputingException extends RuntimeException {

    private final long retryAfterSeconds;

    public StillComputingException(String message, long retryAfterSeconds) {
        super(message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
