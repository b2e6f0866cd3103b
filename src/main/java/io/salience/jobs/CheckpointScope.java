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

    /**
     * What is wrong with a class filter ({@code trueClass}, {@code predictedClass}) for this
     * dataset, if anything: a class beyond its classes is a mistake, not an empty page.
     */
    public java.util.Optional<io.salience.errors.InvalidInputException.FieldProblem> classProblem(String field,
            Integer value) {
        int classes = labels().size();
        return value == null || (value >= 0 && value < classes) ? java.util.Optional.empty()
                : java.util.Optional.of(new io.salience.errors.InvalidInputException.FieldProblem(field,
                        "the dataset has classes 0.." + (classes - 1) + ", not " + value));
    }
}
