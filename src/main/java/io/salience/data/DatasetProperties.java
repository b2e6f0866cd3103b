package io.salience.data;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The configured datasets ({@code salience.datasets.<name>.*}), checked at start-up so that a typo
 * stops the service with a message naming the property instead of failing on first use.
 */
@ConfigurationProperties("salience")
public record DatasetProperties(Map<String, DatasetDefinition> datasets) {

    public DatasetProperties {
        // Keep the configuration order: it is the order the API lists datasets in.
        datasets = datasets == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(datasets));
        datasets.forEach((name, definition) -> definition.validate(name));
    }
}
