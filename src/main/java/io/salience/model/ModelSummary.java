package io.salience.model;

import java.util.List;

/**
 * A torchsummary-like description of the model.
 *
 * @param totalParameters every parameter
 * @param trainableParameters the parameters the optimizer updates (all of them here)
 * @param layers one row per layer, in execution order
 */
public record ModelSummary(long totalParameters, long trainableParameters, List<LayerSummary> layers) {}
