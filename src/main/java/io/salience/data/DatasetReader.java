package io.salience.data;

import java.nio.file.Path;

/** Reads one on-disk dataset format into memory. */
public interface DatasetReader {

    /** The value of {@code salience.datasets.<name>.format} this reader handles. */
    String format();

    /**
     * Reads the dataset at {@code path}.
     *
     * @param normalization the configured statistics, or {@code null} to compute them from the
     *     training split
     * @throws DatasetFormatException when files are missing or malformed
     */
    ImageDataset read(String name, Path path, Normalization normalization);
}
