package io.salience.jobs;

import io.salience.checkpoints.Checkpoint;
import io.salience.data.ImageDataset;
import io.salience.data.ImageSplit;

/**
 * A checkpoint with the data it belongs to: its job's dataset and the test images the job
 * evaluated on (the first {@code testLimit}, or all). Image ids index the dataset's test split.
 */
public record CheckpointScope(Checkpoint checkpoint, ImageDataset dataset, ImageSplit evaluatedTest) {

    public java.util.List<String> labels() {
        return dataset.classes();
    }
}
