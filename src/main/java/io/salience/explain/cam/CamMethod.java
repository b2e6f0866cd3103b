package io.salience.explain.cam;

import io.salience.model.FeatureLayer;

/**
 * One way to explain a class score with a heatmap. A new method is one class implementing this
 * interface, registered as a Spring component: {@link CamMethods} finds it by its {@link #id()},
 * and every endpoint that takes {@code method=} offers it.
 */
public interface CamMethod {

    /** The name in {@code method=}, e.g. {@code gradcam}. */
    String id();

    /** One line: what the method computes, and where it comes from. */
    String description();

    /** False for input attributions, whose maps have the image's resolution whatever the layer. */
    default boolean usesLayer() {
        return true;
    }

    /** Whether {@code smooth=eigen} applies: it replaces the channel sum by the first principal component. */
    default boolean supportsEigenSmoothing() {
        return true;
    }

    /**
     * Whether the maps at {@code layer4} come from that layer's activations and gradients alone.
     * The gradient there is closed-form, so one forward pass is all such a method needs for an
     * image, and concurrent requests share that pass (micro-batching) instead of queueing for the
     * explanation executor. A method that says so gets a context that refuses any other pass.
     */
    default boolean onePassAtLayer4() {
        return false;
    }

    /**
     * The maps of every image in the context, ReLU'd, at the layer's resolution (or the input's).
     *
     * @param eigenSmooth project the weighted activations on their first principal component
     *     instead of summing them over the channels
     */
    Maps compute(CamContext context, FeatureLayer layer, boolean eigenSmooth);

    /** Maps of one size, one per image, row-major. */
    record Maps(int width, int height, float[][] values) {}
}
