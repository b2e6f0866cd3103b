package io.salience.data;

import java.util.List;

/**
 * What the API shows about a dataset. When it cannot be loaded, {@code available} is false,
 * {@code error} says why and the sizes and classes are {@code null}.
 */
public record DatasetInfo(
        String name, String format, List<String> classes, Integer trainSize, Integer testSize, boolean available,
        String error) {

    static DatasetInfo of(ImageDataset dataset) {
        return new DatasetInfo(dataset.name(), dataset.format(), dataset.classes(), dataset.train().size(),
                dataset.test().size(), true, null);
    }

    static DatasetInfo unavailable(String name, String format, String error) {
        return new DatasetInfo(name, format, null, null, null, false, error);
    }
}
