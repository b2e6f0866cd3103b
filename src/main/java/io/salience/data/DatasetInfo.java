package io.salience.data;

import java.util.List;

/**
 * What the API shows about a dataset. Until it is loaded, {@code available} is false,
 * {@code state} says whether it is being prepared or failed ({@code error} says why), and the
 * sizes and classes are {@code null}.
 *
 * @param state {@code ready}, {@code not-prepared}, {@code preparing} or {@code failed}
 * @param downloadedBytes while a download runs (or after it): bytes received so far
 * @param downloadBytes the download's length when the server said it
 */
public record DatasetInfo(
        String name, String format, List<String> classes, Integer trainSize, Integer testSize, boolean available,
        String state, String error, Long downloadedBytes, Long downloadBytes) {

    public static final String READY = "ready";
    public static final String NOT_PREPARED = "not-prepared";
    public static final String PREPARING = "preparing";
    public static final String FAILED = "failed";

    static DatasetInfo of(ImageDataset dataset) {
        return new DatasetInfo(dataset.name(), dataset.format(), dataset.classes(), dataset.train().size(),
                dataset.test().size(), true, READY, null, null, null);
    }

    static DatasetInfo unavailable(String name, String format, String state, String error,
            DatasetDownloader.Progress progress) {
        return new DatasetInfo(name, format, null, null, null, false, state, error,
                progress == null ? null : progress.bytes(), progress == null || progress.length() < 0 ? null : progress.length());
    }
}
