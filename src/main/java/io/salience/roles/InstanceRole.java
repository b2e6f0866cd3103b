package io.salience.roles;

import java.util.Locale;

/**
 * What one instance of the service does ({@code salience.role}): {@code all} (the default, a
 * single process), {@code api} (REST, predictions and explanations; never claims a job) or
 * {@code worker} (claims and trains jobs; serves only health and metrics).
 */
public enum InstanceRole {
    ALL, API, WORKER;

    /** Whether this instance claims and trains jobs. */
    public boolean trains() {
        return this != API;
    }

    /** Whether this instance answers the REST API. */
    public boolean servesApi() {
        return this != WORKER;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
