package io.salience.explain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.salience.data.ImageSplit;
import io.salience.engine.DjlRuntime;
import io.salience.model.CifarResNet;
import io.salience.model.FeatureLayer;
import io.salience.serving.LoadedModel;
import io.salience.training.Evaluator;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Grad-CAM (Selvaraju et al., 2017) for a batch of images: for the target class c and a stage's
 * activations A (K channels), alpha_k is the spatial mean of dy_c/dA_k, where y_c is the
 * pre-softmax score, and the map is ReLU(sum_k alpha_k A_k).
 *
 * <p>The gradient comes from one batched backward pass through the layers above the stage, under
 * the process's gradient lock. At {@code layer4} it is known in closed form (a 4x4 average pool
 * and a linear layer follow: dy_c/dA_k = W[c,k] / 16), so that layer needs neither a backward
 * pass nor the lock and never waits for a training batch.
 */
@Component
public class GradCam {

    private final DjlRuntime runtime;

    public GradCam(DjlRuntime runtime) {
        this.runtime = runtime;
    }

    /**
     * @param images normalized images, {@code n * 3072} floats (planar CHW)
     * @param trueClasses the true class of each image, or null where unknown
     */
    public List<CamMap> compute(LoadedModel loaded, float[] images, int n, Integer[] trueClasses, FeatureLayer layer,
            CamTarget target) {
        return compute(loaded, images, n, trueClasses, layer, target, layer != FeatureLayer.LAYER4);
    }

    List<CamMap> compute(LoadedModel loaded, float[] images, int n, Integer[] trueClasses, FeatureLayer layer,
            CamTarget target, boolean useAutograd) {
        CifarResNet model = loaded.model();
        int classes = model.numClasses();
        runtime.inferenceMode();
        try (NDManager manager = loaded.manager().newSubManager()) {
            ParameterStore parameters = new ParameterStore(manager, false);
            NDArray input = manager.create(FloatBuffer.wrap(images, 0, n * ImageSplit.IMAGE_BYTES),
                    new Shape(n, ImageSplit.CHANNELS, ImageSplit.SIDE, ImageSplit.SIDE));
            NDArray activations = model.forwardTo(parameters, input, false, layer);
            Shape shape = activations.getShape();
            int channels = (int) shape.get(1);
            int height = (int) shape.get(2);
            int width = (int) shape.get(3);
            int[] targets = new int[n];
            int[] predicted = new int[n];
            double[][] probabilities = new double[n][];
            float[] alpha;
            if (useAutograd) {
                activations.setRequiresGradient(true);
                float[] gradient;
                try (DjlRuntime.GradientSession session = runtime.collectGradients()) {
                    NDArray logits = model.forwardFrom(parameters, activations, false, layer).singletonOrThrow();
                    resolve(logits.toFloatArray(), classes, trueClasses, target, predicted, targets, probabilities);
                    NDArray selected = logits.mul(manager.create(targets).oneHot(classes)).sum();
                    session.collector().backward(selected);
                    gradient = activations.getGradient().toFloatArray();
                }
                alpha = spatialMeans(gradient, n, channels, height * width);
            } else {
                float[] logits = model.forwardFrom(parameters, activations, false, layer).singletonOrThrow()
                        .toFloatArray();
                resolve(logits, classes, trueClasses, target, predicted, targets, probabilities);
                alpha = closedFormLayer4Weights(model, targets, channels, height * width);
            }
            float[] a = activations.toFloatArray();
            List<CamMap> maps = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                maps.add(new CamMap(layer, targets[i], predicted[i], probabilities[i], width, height,
                        weightedSum(a, alpha, i, channels, height * width)));
            }
            return maps;
        }
    }

    private static void resolve(float[] logits, int classes, Integer[] trueClasses, CamTarget target, int[] predicted,
            int[] targets, double[][] probabilities) {
        for (int i = 0; i < predicted.length; i++) {
            double[] p = Evaluator.softmax(logits, i * classes, classes);
            int best = 0;
            for (int k = 1; k < classes; k++) {
                best = p[k] > p[best] ? k : best;
            }
            probabilities[i] = p;
            predicted[i] = best;
            targets[i] = target.resolve(best, trueClasses == null ? null : trueClasses[i]);
        }
    }

    /** alpha[i][k] = W[target_i, k] / (h*w): the gradient of a linear head behind a global average pool. */
    private static float[] closedFormLayer4Weights(CifarResNet model, int[] targets, int channels, int area) {
        float[] w = model.head().getParameters().get("weight").getArray().toFloatArray();
        float[] alpha = new float[targets.length * channels];
        for (int i = 0; i < targets.length; i++) {
            for (int k = 0; k < channels; k++) {
                alpha[i * channels + k] = w[targets[i] * channels + k] / area;
            }
        }
        return alpha;
    }

    private static float[] spatialMeans(float[] gradient, int n, int channels, int area) {
        float[] alpha = new float[n * channels];
        for (int ik = 0; ik < n * channels; ik++) {
            double sum = 0;
            for (int p = 0; p < area; p++) {
                sum += gradient[ik * area + p];
            }
            alpha[ik] = (float) (sum / area);
        }
        return alpha;
    }

    private static float[] weightedSum(float[] activations, float[] alpha, int image, int channels, int area) {
        float[] map = new float[area];
        for (int k = 0; k < channels; k++) {
            float weight = alpha[image * channels + k];
            int base = (image * channels + k) * area;
            for (int p = 0; p < area; p++) {
                map[p] += weight * activations[base + p];
            }
        }
        for (int p = 0; p < area; p++) {
            map[p] = Math.max(0f, map[p]);
        }
        return map;
    }
}
