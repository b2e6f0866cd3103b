package io.salience.data;

import java.util.List;

/**
 * A loaded dataset, ready for training and evaluation.
 *
 * @param name the configured name ({@code salience.datasets.<name>})
 * @param format how it was read: {@code cifar10-binary} or {@code image-folder}
 * @param classes class names in label order: label {@code k} is {@code classes.get(k)}
 * @param train training images
 * @param test test images
 * @param normalization the per-channel mean and std the model inputs are normalized with
 */
public record ImageDataset(
        String name, String format, List<String> classes, ImageSplit train, ImageSplit test,
        Normalization normalization) {

    public ImageDataset {
        classes = List.copyOf(classes);
    }
}
