package io.salience.data;

/**
 * A batch of model inputs.
 *
 * @param data {@code size * 3072} normalized floats, image after image, each planar CHW
 * @param labels the label of each image
 * @param imageIds each image's index in its split, to trace predictions back to images
 * @param size the number of images; the last batch of an epoch may be smaller than the others
 */
public record Batch(float[] data, int[] labels, int[] imageIds, int size) {}
