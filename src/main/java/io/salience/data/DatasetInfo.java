package io.salience.data;

import java.util.List;

/**
 * What the API shows about a dataset. Until it is loaded, {@code available} is false,
 * {@code state} says whether it is being prepared or failed ({@code error} says why), and the
 * sizes and classes are {@code null}.
 *
 * @param state {@code ready}, {@code not-prepared}, {@code preparing} or {@code failed}
 */
public record DatasetInfo(
        String name, String format, List<String> classes, Integer trainSize, Integer testSize, boolean available,
        String state, String error) {

    public static final String READY = "ready";
    public static final String NOT_PREPARED = "not-prepared";
    public static final String PREPARING = "preparing";
    public static final String FAILED = "failed";

    static DatasetInfo of(ImageDataset dataset) {
        return new DatasetInfo(dataset.name(), dataset.format(), dataset.classes(), dataset.train().size(),
                dataset.test().size(), true, READY, null);
    }

    static DatasetInfo unavailable(String name, String format, String state, String error) {
        return new DatasetInfo(name, format, null, null, null, false, state, error);
    }
}
