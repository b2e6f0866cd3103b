package io.salience.explain.cam;

import io.salience.model.FeatureLayer;

/** A CAM whose map weighs each whole channel by one number: ReLU(sum_k alpha_k A_k). */
abstract class ChannelWeightCam extends ChannelCam {

    /** alpha, {@code size * channels} floats. */
    protected abstract float[] channelWeights(CamContext context, FeatureLayer layer);

    /** One position's share of a channel weight, from its activation, its gradient and the channel's activation sum. */
    @FunctionalInterface
    interface PositionTerm {
        double of(double activation, double gradient, double channelSum);
    }

    /** alpha_k = sum over the positions of {@code term}: the form of the gradient methods' weights. */
    static float[] sumOverPositions(CamContext context, FeatureLayer layer, PositionTerm term) {
        // Gradients first: their pass computes the activations too (asking for activations first would run a second forward).
        float[] g = context.gradients(layer);
        float[] a = context.activations(layer);
        int area = layer.size() * layer.size();
        float[] sums = spatialSums(a, context.size(), layer.channels(), area);
        float[] alpha = new float[context.size() * layer.channels()];
        for (int ik = 0; ik < alpha.length; ik++) {
            double weight = 0;
            for (int p = 0; p < area; p++) {
                weight += term.of(a[ik * area + p], g[ik * area + p], sums[ik]);
            }
            alpha[ik] = (float) weight;
        }
        return alpha;
    }

    @Override
    protected float[] weightedActivations(CamContext context, FeatureLayer layer) {
        float[] alpha = channelWeights(context, layer);
        return weighByChannel(context.activations(layer), alpha, context.size(), layer.channels(),
                layer.size() * layer.size());
    }
}
