package io.salience.errors;

/**
 * A resource exists but cannot be used now (a dataset that failed to download, say); answered
 * with 503 problem details that say why and what to do.
 */
public class UnavailableException extends RuntimeException {
    public UnavailableException(String message) {
        super(message);
    }

    public UnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
