package io.salience.data;

import io.salience.errors.UnavailableException;

/** A dataset could not be downloaded; the message says why and how to provide it by hand. */
public class DatasetDownloadException extends UnavailableException {
    public DatasetDownloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
