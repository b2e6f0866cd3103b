package io.salience.errors;

/** The request's input is wrong in a way its author can fix; answered with 400 problem details. */
public class InvalidInputException extends RuntimeException {
    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
