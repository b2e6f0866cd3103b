package io.salience.data;

import io.salience.errors.UnavailableException;

/**
 * A dataset's files are missing or do not have the expected layout. It is a 503, not a 500: the
 * service is fine, the data needs fixing, and the message names the file and what is wrong.
 */
public class DatasetFormatException extends UnavailableException {
    public DatasetFormatException(String message) {
        super(message);
    }

    public DatasetFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
