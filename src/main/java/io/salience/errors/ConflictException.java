package io.salience.errors;

/** The request conflicts with the resource's current state (deleting a running job, say); 409. */
public class ConflictException extends RuntimeException {
    public ConflictException(String message) {
        super(message);
    }
}
