package io.salience.explain;

import io.salience.model.FeatureLayer;

/**
 * One Grad-CAM map, raw: ReLU(sum_k alpha_k A_k) at the layer's resolution, before upsampling
 * and scaling, row-major.
 *
 * @param probabilities softmax over the classes, for the prediction that goes with the map
 */
public record CamMap(FeatureLayer layer, int targetClass, int predictedClass, double[] probabilities, int width,
        int height, float[] values) {

    /** The map bilinearly upsampled to {@code size x size} and divided by its maximum (zero stays zero). */
    public float[] scaled(int size) {
        float[] up = Heatmaps.upsample(values, width, height, size, size);
        return Heatmaps.scaleByMax(up);
    }
}
