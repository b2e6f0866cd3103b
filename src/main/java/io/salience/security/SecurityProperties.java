package io.salience.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Who may change state ({@code salience.security.*}).
 *
 * @param apiKey the key that every state-changing call requires in {@code X-API-Key};
 *     empty: those calls are accepted from the loopback interface only
 * @param protectReads whether reading endpoints need the key (or loopback) too
 */
@ConfigurationProperties("salience.security")
public record SecurityProperties(String apiKey, boolean protectReads) {

    public boolean hasKey() {
        return apiKey != null && !apiKey.isBlank();
    }
}
