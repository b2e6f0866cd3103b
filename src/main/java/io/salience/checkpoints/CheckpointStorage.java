package io.salience.checkpoints;

import io.salience.storage.ArtifactProperties;
import io.salience.storage.ArtifactStore;
import io.salience.storage.StorageProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * Where checkpoint files live: written at {@code <storage-dir>/jobs/<job id>/{last,best}.ckpt}; with
 * a remote artifact store (S3) also uploaded under {@code jobs/<job id>/{last,best}.ckpt}, and read
 * through a local cache of downloaded copies named by the checkpoint's version, bounded by
 * {@code salience.artifacts.cache-megabytes} (least recently used dropped first).
 */
@Component
public class CheckpointStorage {

    /**
     * A copy used this recently is never dropped: its reader may be about to open it (the path is
     * returned before the file is read), and a load of a 45 MB model takes a moment.
     */
    static final java.time.Duration IN_USE = java.time.Duration.ofMinutes(1);

    private final Path jobsDir;
    private final Path cacheDir;
    private final ArtifactStore artifacts;
    private final long cacheBytes;
    /** One lock per cached copy being fetched: a slow download holds up only readers of that version. */
    private final java.util.concurrent.ConcurrentHashMap<Path, Object> fetching = new java.util.concurrent.ConcurrentHashMap<>();
    private final Object trimming = new Object();

    public CheckpointStorage(StorageProperties storage, ArtifactStore artifacts, ArtifactProperties properties) {
        this.jobsDir = storage.storageDir().resolve("jobs");
        this.cacheDir = storage.storageDir().resolve("artifact-cache");
        this.artifacts = artifacts;
        this.cacheBytes = properties.cacheMegabytes() * 1024L * 1024L;
    }

    /** The store's key of a job's checkpoint. */
    public static String key(long jobId, CheckpointKind kind) {
        return "jobs/" + jobId + "/" + kind.name().toLowerCase(Locale.ROOT) + ".ckpt";
    }

    public boolean remote() {
        return artifacts.remote();
    }

    /** Stores a checkpoint file just written, completely, before its row may say it exists. */
    public void upload(long jobId, CheckpointKind kind, Path file) {
        artifacts.upload(key(jobId, kind), file);
    }

    /**
     * Replaces a job's local LAST (or BEST) file with the stored one, so that this instance resumes
     * the job where another left it. Nothing to do with the filesystem store.
     */
    public void restore(long jobId, CheckpointKind kind) {
        if (artifacts.remote()) {
            artifacts.download(key(jobId, kind), file(jobId, kind));
        }
    }

    /**
     * A local file holding the checkpoint's weights: the written file itself, or with a remote
     * store a cached copy of its object (downloaded now if this version is not cached yet).
     */
    public Path readable(Checkpoint checkpoint) {
        if (!artifacts.remote()) {
            return file(checkpoint);
        }
        Path cached = cacheDir.resolve(Long.toString(checkpoint.getJobId())).resolve(
                checkpoint.getKind().name().toLowerCase(Locale.ROOT) + "-e" + checkpoint.getEpoch() + "-"
                        + checkpoint.getCreatedAt().toEpochMilli() + ".ckpt");
        Object lock = fetching.computeIfAbsent(cached, path -> new Object());
        try {
            synchronized (lock) {
                if (!Files.exists(cached)) {
                    artifacts.download(key(checkpoint.getJobId(), checkpoint.getKind()), cached);
                    synchronized (trimming) {
                        trimCache(cached);
                    }
                }
                Files.setLastModifiedTime(cached, FileTime.from(Instant.now()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not use the cached copy " + cached, e);
        } finally {
            fetching.remove(cached, lock);
        }
        return cached;
    }

    /**
     * Drops the least recently used cached copies beyond the cache's size, never {@code keep} nor
     * one used within {@link #IN_USE} (the cache may exceed its size meanwhile).
     */
    private void trimCache(Path keep) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(cacheDir)) {
            // Parts of downloads under way are not copies yet, and may be renamed at any moment.
            files = new ArrayList<>(walk.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().endsWith(".part")).toList());
        }
        files.sort(Comparator.comparing(p -> {
            try {
                return Files.getLastModifiedTime(p);
            } catch (IOException e) {
                return FileTime.fromMillis(0);
            }
        }));
        long total = 0;
        for (Path p : files) {
            total += sizeOf(p);
        }
        FileTime recent = FileTime.from(Instant.now().minus(IN_USE));
        for (Path p : files) {
            if (total <= cacheBytes) {
                break;
            }
            try {
                if (!p.equals(keep) && Files.getLastModifiedTime(p).compareTo(recent) < 0) {
                    total -= sizeOf(p);
                    Files.deleteIfExists(p);
                }
            } catch (java.nio.file.NoSuchFileException e) {
                // Gone meanwhile (its job was deleted): nothing to drop.
            }
        }
    }

    private static long sizeOf(Path file) throws IOException {
        try {
            return Files.size(file);
        } catch (java.nio.file.NoSuchFileException e) {
            return 0;
        }
    }

    public Path jobDir(long jobId) {
        return jobsDir.resolve(Long.toString(jobId));
    }

    public Path file(long jobId, CheckpointKind kind) {
        return jobDir(jobId).resolve(kind.name().toLowerCase() + ".ckpt");
    }

    public Path file(Checkpoint checkpoint) {
        return jobDir(checkpoint.getJobId()).resolve(checkpoint.getFileName());
    }

    /**
     * Removes a job's folder, its cached copies and its stored objects (the local files first: an
     * unreachable store then leaves only objects, which {@link #deleteOrphans} removes later).
     */
    public void deleteJobFiles(long jobId) {
        deleteTree(cacheDir.resolve(Long.toString(jobId)));
        deleteTree(jobDir(jobId));
        artifacts.deletePrefix("jobs/" + jobId + "/");
    }

    /**
     * Deletes the stored objects of jobs that no longer exist: a job deleted while the store was
     * unreachable left them behind. Returns how many jobs' objects went.
     */
    public int deleteOrphans(java.util.function.LongPredicate jobExists) {
        int deleted = 0;
        for (String folder : artifacts.folders("jobs/")) {
            long jobId;
            try {
                jobId = Long.parseLong(folder);
            } catch (NumberFormatException e) {
                continue; // not ours
            }
            if (!jobExists.test(jobId)) {
                deleteJobFiles(jobId);
                deleted++;
            }
        }
        return deleted;
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + dir, e);
        }
    }
}
