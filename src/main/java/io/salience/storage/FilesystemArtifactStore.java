package io.salience.storage;

import java.nio.file.Path;

/** The storage folder is the store: checkpoint files are written there and read from there. */
public final class FilesystemArtifactStore implements ArtifactStore {

    @Override
    public boolean remote() {
        return false;
    }

    @Override
    public void upload(String key, Path file) {
        // Already in place.
    }

    @Override
    public void download(String key, Path target) {
        // Already in place.
    }

    @Override
    public void deletePrefix(String prefix) {
        // The owner of the folder deletes the files.
    }
}
