package io.salience.storage;

import java.nio.file.Path;

/**
 * Keeps checkpoint files where every instance can read them. Keys are relative paths such as
 * {@code jobs/7/last.ckpt}. The filesystem store keeps them in the storage folder itself (nothing to
 * copy); the S3 store uploads them and downloads them into a local cache.
 */
public interface ArtifactStore {

    /** Whether files must be uploaded and downloaded (false: the storage folder is the store). */
    boolean remote();

    /** Stores the file under the key, completely, before returning. */
    void upload(String key, Path file);

    /**
     * Copies the object into {@code target} (written atomically).
     *
     * @throws io.salience.errors.NotFoundException when there is no such object
     * @throws io.salience.errors.UnavailableException when the store cannot be read now
     */
    void download(String key, Path target);

    /** Deletes every object whose key starts with the prefix. */
    void deletePrefix(String prefix);

    /**
     * The names of the folders directly under {@code prefix} that hold objects ({@code "jobs/"}
     * gives the ids of the jobs with stored checkpoints); none for the filesystem store.
     */
    default java.util.List<String> folders(String prefix) {
        return java.util.List.of();
    }
}
