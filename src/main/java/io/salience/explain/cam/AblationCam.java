package io.salience.explain.cam;

import io.salience.model.FeatureLayer;
import org.springframework.stereotype.Component;

/**
 * Ablation-CAM (Desai and Ramaswamy, 2020): alpha_k = (y_c - y_c^k) / y_c, where y_c^k is the
 * target score when channel k of the stage is zeroed (pytorch-grad-cam's ablation value for ReLU
 * activations) and the network continues from there. One pass per channel, batched.
 */
@Component
public class AblationCam extends ChannelWeightCam {

    @Override
    public String id() {
        return "ablationcam";
    }

    @Override
    public String description() {
        return "Ablation-CAM (Desai and Ramaswamy 2020): each channel weighted by the relative drop of the target score "
                + "when it is zeroed; gradient-free";
    }

    @Override
    protected float[] channelWeights(CamContext context, FeatureLayer layer) {
        float[] a = context.activations(layer);
        int channels = layer.channels();
        int area = layer.size() * layer.size();
        int per = channels * area;
        float[] weights = new float[context.size() * channels];
        float[] ablated = new float[(channels + 1) * per];
        int[] targets = new int[channels + 1];
        for (int i = 0; i < context.size(); i++) {
            java.util.Arrays.fill(targets, context.target(i));
            // Copy 0 is the original, to score y_c the same way as the ablations.
            for (int copy = 0; copy <= channels; copy++) {
                System.arraycopy(a, i * per, ablated, copy * per, per);
                if (copy > 0) {
                    java.util.Arrays.fill(ablated, copy * per + (copy - 1) * area, copy * per + copy * area, 0f);
                }
            }
            float[] scores = context.targetScoresFrom(layer, ablated, channels + 1, targets);
            double original = scores[0];
            for (int k = 0; k < channels; k++) {
                weights[i * channels + k] = (float) ((original - scores[k + 1]) / original);
            }
        }
        return weights;
    }
}
