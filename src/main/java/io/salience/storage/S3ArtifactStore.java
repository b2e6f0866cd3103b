package io.salience.storage;

import io.salience.errors.NotFoundException;
import io.salience.errors.UnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Checkpoint files in an S3 bucket (AWS, MinIO, Ceph, S3Proxy: anything that speaks the S3 API). */
public final class S3ArtifactStore implements ArtifactStore, AutoCloseable {

    private final S3Client s3;
    private final String bucket;
    private final String prefix;

    public S3ArtifactStore(ArtifactProperties.S3 settings) {
        if (settings.bucket() == null || settings.bucket().isBlank()) {
            throw new IllegalArgumentException("salience.artifacts.s3.bucket is required with salience.artifacts.type=s3");
        }
        AwsCredentialsProvider credentials = settings.accessKey() != null && !settings.accessKey().isBlank()
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKey(), settings.secretKey()))
                : DefaultCredentialsProvider.builder().build();
        var builder = S3Client.builder().httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(settings.region())).credentialsProvider(credentials)
                .forcePathStyle(settings.pathStyle())
                // Checksums only where S3 requires them: S3-compatible servers (MinIO, Ceph, S3Proxy)
                // may not understand the SDK's default streaming checksum trailers.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        this.s3 = builder.build();
        this.bucket = settings.bucket();
        this.prefix = settings.prefix() == null || settings.prefix().isBlank() ? "" : settings.prefix().replaceAll("/+$", "") + "/";
    }

    @Override
    public boolean remote() {
        return true;
    }

    @Override
    public void upload(String key, Path file) {
        try {
            s3.putObject(b -> b.bucket(bucket).key(prefix + key), RequestBody.fromFile(file));
        } catch (SdkException e) {
            throw new UnavailableException("could not store " + key + " in bucket " + bucket + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void download(String key, Path target) {
        // A name of its own: instances sharing the volume may fetch the same object at once.
        Path partial = target.resolveSibling(target.getFileName() + "." + java.util.UUID.randomUUID() + ".part");
        try {
            Files.createDirectories(target.getParent());
            s3.getObject(b -> b.bucket(bucket).key(prefix + key), partial);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchKeyException e) {
            throw new NotFoundException("the stored file " + key + " is gone from bucket " + bucket);
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw new NotFoundException("the stored file " + key + " is gone from bucket " + bucket);
            }
            throw new UnavailableException("could not read " + key + " from bucket " + bucket + ": " + e.getMessage(), e);
        } catch (SdkException | IOException e) {
            throw new UnavailableException("could not read " + key + " from bucket " + bucket + ": " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException e) {
                // A leftover part file is dropped with the cache (it is never read).
            }
        }
    }

    @Override
    public void deletePrefix(String keyPrefix) {
        try {
            // One DeleteObject per key: a job has two objects, and batch deletes need checksum headers
            // that not every S3-compatible server implements.
            for (var page : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix + keyPrefix))) {
                for (S3Object object : page.contents()) {
                    s3.deleteObject(b -> b.bucket(bucket).key(object.key()));
                }
            }
        } catch (SdkException e) {
            throw new UnavailableException("could not delete " + keyPrefix + " from bucket " + bucket + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public java.util.List<String> folders(String keyPrefix) {
        String under = prefix + keyPrefix;
        java.util.List<String> names = new java.util.ArrayList<>();
        try {
            for (var page : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(under).delimiter("/"))) {
                for (var folder : page.commonPrefixes()) {
                    names.add(folder.prefix().substring(under.length(), folder.prefix().length() - 1));
                }
            }
        } catch (SdkException e) {
            throw new UnavailableException("could not list " + keyPrefix + " in bucket " + bucket + ": "
                    + e.getMessage(), e);
        }
        return names;
    }

    @Override
    public void close() {
        s3.close();
    }
}
