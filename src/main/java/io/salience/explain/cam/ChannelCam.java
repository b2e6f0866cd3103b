package io.salience.explain.cam;

import io.salience.model.FeatureLayer;

/**
 * The CAM family: a map is ReLU(sum_k M_k), where M_k is the k-th channel of the stage's
 * activations weighted in a method's own way (by one weight per channel, or position by
 * position); with eigen smoothing the sum is replaced by the first principal component of the M_k.
 */
abstract class ChannelCam implements CamMethod {

    /** The weighted activations M, in the activations' layout ({@code size * channels * h * w}). */
    protected abstract float[] weightedActivations(CamContext context, FeatureLayer layer);

    /** Methods defined by a principal component project always. */
    protected boolean alwaysProject() {
        return false;
    }

    @Override
    public Maps compute(CamContext context, FeatureLayer layer, boolean eigenSmooth) {
        float[] m = weightedActivations(context, layer);
        int channels = layer.channels();
        int area = layer.size() * layer.size();
        float[][] maps = new float[context.size()][];
        for (int i = 0; i < context.size(); i++) {
            int offset = i * channels * area;
            float[] map = eigenSmooth || alwaysProject()
                    ? Projection.firstComponent(m, offset, channels, area)
                    : channelSum(m, offset, channels, area);
            for (int p = 0; p < area; p++) {
                map[p] = Math.max(0f, map[p]);
            }
            maps[i] = map;
        }
        return new Maps(layer.size(), layer.size(), maps);
    }

    private static float[] channelSum(float[] m, int offset, int channels, int area) {
        float[] map = new float[area];
        for (int k = 0; k < channels; k++) {
            int base = offset + k * area;
            for (int p = 0; p < area; p++) {
                map[p] += m[base + p];
            }
        }
        return map;
    }

    /** alpha_k A_k for one weight per image and channel ({@code size * channels} floats). */
    static float[] weighByChannel(float[] activations, float[] weights, int size, int channels, int area) {
        float[] m = new float[activations.length];
        for (int ik = 0; ik < size * channels; ik++) {
            float w = weights[ik];
            for (int p = 0; p < area; p++) {
                m[ik * area + p] = w * activations[ik * area + p];
            }
        }
        return m;
    }

    /** The sum over the positions of each image's channel: {@code size * channels} floats. */
    static float[] spatialSums(float[] values, int size, int channels, int area) {
        float[] sums = new float[size * channels];
        for (int ik = 0; ik < size * channels; ik++) {
            double sum = 0;
            for (int p = 0; p < area; p++) {
                sum += values[ik * area + p];
            }
            sums[ik] = (float) sum;
        }
        return sums;
    }
}
