package io.salience.checkpoints;

import io.salience.storage.StorageProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/** Where checkpoint files live: {@code <storage-dir>/jobs/<job id>/{last,best}.ckpt}. */
@Component
public class CheckpointStorage {

    private final Path jobsDir;

    public CheckpointStorage(StorageProperties storage) {
        this.jobsDir = storage.storageDir().resolve("jobs");
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

    /** Removes a job's folder with everything in it. */
    public void deleteJobFiles(long jobId) {
        Path dir = jobDir(jobId);
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
