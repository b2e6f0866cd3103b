package io.salience.explain.cam;

/**
 * One map, raw: at the layer's resolution for one layer, at the image's (32x32) when layers were
 * averaged, smoothing was asked for or the method attributes to pixels; before scaling; row-major.
 *
 * @param method the method's id
 * @param layer {@code layer4}, {@code layer3,layer4}, or {@code input}
 * @param smoothing {@code none}, {@code aug}, {@code eigen} or {@code aug,eigen}
 * @param probabilities softmax over the classes, for the prediction that goes with the map
 */
public record CamMap(String method, String layer, String smoothing, int targetClass, int predictedClass,
        double[] probabilities, int width, int height, float[] values) {

    /** The map bilinearly upsampled to {@code size x size} and divided by its maximum (zero stays zero). */
    public float[] scaled(int size) {
        float[] up = width == size && height == size ? values : Heatmaps.upsample(values, width, height, size, size);
        return Heatmaps.scaleByMax(up);
    }
}
