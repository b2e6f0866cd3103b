package io.salience.data;

import java.util.List;
import java.util.Map;

/** The dataset formats the service can read, by their configuration name. */
public final class DatasetFormats {

    private static final Map<String, DatasetReader> READERS = Map.of(
            Cifar10BinaryReader.FORMAT, new Cifar10BinaryReader(),
            ImageFolderReader.FORMAT, new ImageFolderReader());

    private DatasetFormats() {}

    /** The reader for {@code format}, or {@code null} when the format is unknown. */
    public static DatasetReader reader(String format) {
        return READERS.get(format);
    }

    public static List<String> names() {
        return READERS.keySet().stream().sorted().toList();
    }
}
