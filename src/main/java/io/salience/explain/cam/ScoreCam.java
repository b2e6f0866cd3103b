package io.salience.explain.cam;

import io.salience.data.ImageSplit;
import io.salience.model.FeatureLayer;
import org.springframework.stereotype.Component;

/**
 * Score-CAM (Wang et al., 2020) in pytorch-grad-cam's form: each channel, upsampled to the image
 * and min-max scaled to [0, 1], masks the (normalized) image; the target's score of each masked
 * image, softmaxed over the channels, weighs the channel. One forward pass per channel, batched.
 */
@Component
public class ScoreCam extends ChannelWeightCam {

    private static final double EPS = 1e-8;

    @Override
    public String id() {
        return "scorecam";
    }

    @Override
    public String description() {
        return "Score-CAM (Wang et al. 2020): each channel masks the image and the target score of the masked image "
                + "weighs it; gradient-free, one forward pass per channel";
    }

    @Override
    protected float[] channelWeights(CamContext context, FeatureLayer layer) {
        float[] a = context.activations(layer);
        float[] images = context.images();
        int channels = layer.channels();
        int side = layer.size();
        int area = side * side;
        int pixels = ImageSplit.SIDE * ImageSplit.SIDE;
        float[] weights = new float[context.size() * channels];
        // One image at a time: its K masked copies are K * 3072 floats.
        float[] masked = new float[channels * ImageSplit.IMAGE_BYTES];
        int[] targets = new int[channels];
        for (int i = 0; i < context.size(); i++) {
            java.util.Arrays.fill(targets, context.target(i));
            for (int k = 0; k < channels; k++) {
                float[] channel = new float[area];
                System.arraycopy(a, (i * channels + k) * area, channel, 0, area);
                float[] mask = minMaxScaled(Heatmaps.upsample(channel, side, side, ImageSplit.SIDE, ImageSplit.SIDE));
                for (int c = 0; c < ImageSplit.CHANNELS; c++) {
                    int from = i * ImageSplit.IMAGE_BYTES + c * pixels;
                    int to = k * ImageSplit.IMAGE_BYTES + c * pixels;
                    for (int p = 0; p < pixels; p++) {
                        masked[to + p] = images[from + p] * mask[p];
                    }
                }
            }
            float[] scores = context.targetScores(masked, channels, targets);
            softmax(scores, weights, i * channels);
        }
        return weights;
    }

    private static float[] minMaxScaled(float[] values) {
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        float[] out = new float[values.length];
        for (int p = 0; p < values.length; p++) {
            out[p] = (float) ((values[p] - min) / (max - min + EPS));
        }
        return out;
    }

    private static void softmax(float[] scores, float[] out, int offset) {
        double max = Double.NEGATIVE_INFINITY;
        for (float s : scores) {
            max = Math.max(max, s);
        }
        double sum = 0;
        for (float s : scores) {
            sum += Math.exp(s - max);
        }
        for (int k = 0; k < scores.length; k++) {
            out[offset + k] = (float) (Math.exp(scores[k] - max) / sum);
        }
    }
}
