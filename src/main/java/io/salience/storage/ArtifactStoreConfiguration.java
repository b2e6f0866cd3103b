package io.salience.storage;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The artifact store {@code salience.artifacts.type} names. */
@Configuration(proxyBeanMethods = false)
public class ArtifactStoreConfiguration {

    @Bean
    ArtifactStore artifactStore(ArtifactProperties properties) {
        return switch (properties.type()) {
            case "filesystem" -> new FilesystemArtifactStore();
            case "s3" -> new S3ArtifactStore(properties.s3());
            default -> throw new IllegalArgumentException("salience.artifacts.type must be filesystem or s3, not "
                    + properties.type());
        };
    }
}
