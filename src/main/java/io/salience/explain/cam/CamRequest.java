package io.salience.explain.cam;

import io.salience.model.FeatureLayer;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A checked choice of map: the method, the layers (empty for input attributions), the class to
 * explain, the smoothing and the methods' options.
 */
public record CamRequest(CamMethod method, List<FeatureLayer> layers, CamTarget target, Set<Smoothing> smoothing,
        CamOptions options) {

    /** Test-time smoothing, combinable. */
    public enum Smoothing {
        /** The mean of the maps of flipped and shifted copies, each aligned back first. */
        AUG,
        /** The first principal component of the weighted activations instead of their sum. */
        EIGEN
    }

    public CamRequest {
        layers = List.copyOf(layers);
        smoothing = Set.copyOf(smoothing);
    }

    /**
     * Whether one forward pass of the image is all the maps need (layer4 alone, no smoothing, a
     * method that says so): such requests share passes with concurrent ones.
     */
    public boolean onePass() {
        return layers.equals(List.of(FeatureLayer.LAYER4)) && smoothing.isEmpty() && method.onePassAtLayer4();
    }

    /** {@code layer4}, {@code layer3,layer4}, or {@code input} for an input attribution. */
    public String layerName() {
        return layers.isEmpty() ? "input" : layers.stream().map(FeatureLayer::id).collect(Collectors.joining(","));
    }

    /** Names everything the maps depend on, for caching results. */
    public String key() {
        return method.id() + "|" + layerName() + "|" + target + "|" + smoothingName() + "|" + options.steps() + "|"
                + options.baseline() + "|" + options.batchSize();
    }

    /** {@code none}, {@code aug}, {@code eigen} or {@code aug,eigen}. */
    public String smoothingName() {
        return smoothing.isEmpty() ? "none" : smoothing.stream().sorted().map(s -> s.name().toLowerCase())
                .collect(Collectors.joining(","));
    }
}
