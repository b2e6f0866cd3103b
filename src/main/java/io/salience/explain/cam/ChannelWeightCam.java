package io.salience.explain.cam;

import io.salience.model.FeatureLayer;

/** A CAM whose map weighs each whole channel by one number: ReLU(sum_k alpha_k A_k). */
abstract class ChannelWeightCam extends ChannelCam {

    /** alpha, {@code size * channels} floats. */
    protected abstract float[] channelWeights(CamContext context, FeatureLayer layer);

    @Override
    protected float[] weightedActivations(CamContext context, FeatureLayer layer) {
        float[] alpha = channelWeights(context, layer);
        return weighByChannel(context.activations(layer), alpha, context.size(), layer.channels(),
                layer.size() * layer.size());
    }
}
