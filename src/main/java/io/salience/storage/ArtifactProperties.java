package io.salience.storage;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where checkpoint files are kept ({@code salience.artifacts.*}): {@code filesystem} (the storage
 * folder, the default) or {@code s3}, with a bounded local cache of downloaded files.
 *
 * @param cacheMegabytes disk space the local copies of S3 objects may take (least recently used dropped first)
 */
@ConfigurationProperties("salience.artifacts")
public record ArtifactProperties(@DefaultValue("filesystem") String type, @DefaultValue S3 s3,
        @DefaultValue("2048") long cacheMegabytes) {

    /**
     * @param endpoint an S3-compatible endpoint (MinIO, Ceph, S3Proxy); empty: AWS
     * @param pathStyle path-style addressing (most S3-compatible servers need it)
     * @param accessKey with {@code secretKey}: static credentials; empty: the AWS default chain
     */
    public record S3(String bucket, @DefaultValue("salience") String prefix, URI endpoint,
            @DefaultValue("us-east-1") String region, @DefaultValue("false") boolean pathStyle, String accessKey,
            String secretKey) {}
}
