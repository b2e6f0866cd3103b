package io.salience.ops;

import io.salience.storage.StorageProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** Ready only while the storage folder (datasets, checkpoints) can be written. */
@Component("storage")
public class StorageHealthIndicator implements HealthIndicator {

    private final Path dir;

    public StorageHealthIndicator(StorageProperties storage) {
        this.dir = storage.storageDir().toAbsolutePath().normalize();
    }

    @Override
    public Health health() {
        try {
            Files.createDirectories(dir);
            Path probe = Files.createTempFile(dir, ".health", ".tmp");
            Files.delete(probe);
            return Health.up().withDetail("path", dir.toString())
                    .withDetail("freeBytes", Files.getFileStore(dir).getUsableSpace()).build();
        } catch (IOException | RuntimeException e) {
            return Health.down().withDetail("path", dir.toString()).withDetail("error", e.toString()).build();
        }
    }
}
