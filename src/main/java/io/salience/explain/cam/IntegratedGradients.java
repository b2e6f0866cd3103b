package io.salience.explain.cam;

import io.salience.data.ImageSplit;
import io.salience.model.FeatureLayer;
import org.springframework.stereotype.Component;

/**
 * Integrated Gradients (Sundararajan et al., 2017), an input attribution: (x - x') times the mean
 * gradient of the target score along the straight path from a baseline x' to x, integrated with
 * the trapezoid rule over {@link CamOptions#steps()} points (Captum's {@code riemann_trapezoid}).
 * Attributions sum to y_c(x) - y_c(x') up to the integration error (completeness). The map is the
 * absolute attribution summed over the colour channels, at the image's resolution.
 */
@Component
public class IntegratedGradients implements CamMethod {

    private static final double BLUR_SIGMA = 4;

    @Override
    public String id() {
        return "integrated-gradients";
    }

    @Override
    public String description() {
        return "Integrated Gradients (Sundararajan et al. 2017): gradients along the path from a baseline image, "
                + "times the difference; pixel-level, sums to the score difference";
    }

    @Override
    public boolean usesLayer() {
        return false;
    }

    @Override
    public boolean supportsEigenSmoothing() {
        return false;
    }

    @Override
    public Maps compute(CamContext context, FeatureLayer layer, boolean eigenSmooth) {
        float[][] maps = new float[context.size()][];
        int pixels = ImageSplit.SIDE * ImageSplit.SIDE;
        for (int i = 0; i < context.size(); i++) {
            float[] attribution = attributions(context, i);
            float[] map = new float[pixels];
            for (int c = 0; c < ImageSplit.CHANNELS; c++) {
                for (int p = 0; p < pixels; p++) {
                    map[p] += Math.abs(attribution[c * pixels + p]);
                }
            }
            maps[i] = map;
        }
        return new Maps(ImageSplit.SIDE, ImageSplit.SIDE, maps);
    }

    /** The signed attributions of one image, 3072 floats (CHW). */
    float[] attributions(CamContext context, int image) {
        int steps = context.options().steps();
        int size = ImageSplit.IMAGE_BYTES;
        float[] x = new float[size];
        System.arraycopy(context.images(), image * size, x, 0, size);
        float[] baseline = baseline(x, context.options());
        double[] t = points(steps);
        double[] w = trapezoidWeights(t);
        float[] path = new float[steps * size];
        for (int s = 0; s < steps; s++) {
            for (int j = 0; j < size; j++) {
                path[s * size + j] = (float) (baseline[j] + t[s] * (x[j] - baseline[j]));
            }
        }
        int[] targets = new int[steps];
        java.util.Arrays.fill(targets, context.target(image));
        float[] gradients = context.inputGradients(path, steps, targets);
        double[] mean = new double[size];
        for (int s = 0; s < steps; s++) {
            for (int j = 0; j < size; j++) {
                mean[j] += w[s] * gradients[s * size + j];
            }
        }
        float[] attribution = new float[size];
        for (int j = 0; j < size; j++) {
            attribution[j] = (float) ((x[j] - baseline[j]) * mean[j]);
        }
        return attribution;
    }

    /** Evenly spaced points on [0, 1], both ends included. */
    static double[] points(int steps) {
        double[] t = new double[steps];
        for (int s = 0; s < steps; s++) {
            t[s] = (double) s / (steps - 1);
        }
        return t;
    }

    /** The trapezoid rule's weights for points {@code t}: half of each neighbouring interval. */
    static double[] trapezoidWeights(double[] t) {
        double[] w = new double[t.length];
        for (int s = 0; s + 1 < t.length; s++) {
            double half = (t[s + 1] - t[s]) / 2;
            w[s] += half;
            w[s + 1] += half;
        }
        return w;
    }

    /** The path's start for image x (normalized CHW). */
    static float[] baseline(float[] x, CamOptions options) {
        return switch (options.baseline()) {
            case ZERO -> options.blackImage();
            case BLUR -> Blur.gaussian(x, ImageSplit.CHANNELS, ImageSplit.SIDE, BLUR_SIGMA);
        };
    }
}
