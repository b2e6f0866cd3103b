package io.salience.storage;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the service keeps its files: datasets, checkpoints, the embedded database.
 *
 * @param storageDir root folder of everything the service writes ({@code salience.storage-dir})
 */
@ConfigurationProperties("salience")
public record StorageProperties(@DefaultValue("./salience-data") Path storageDir) {

    public Path datasetsDir() {
        return storageDir.resolve("datasets");
    }
}
