package io.salience.explain;

/** A raw map with what it explains, as the JSON endpoint returns it. */
public record CamView(long checkpointId, Integer imageId, String method, String layer, String smooth, int targetClass,
        String targetLabel, int width, int height, float[] values, Predictions prediction) {}
