package io.salience.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.salience.data.Batch;
import io.salience.data.BatchLoader;
import io.salience.data.ImageSplit;
import io.salience.data.Normalization;
import io.salience.data.augment.EvalTransform;
import io.salience.engine.DjlRuntime;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;

/** Runs a model over a split without gradients: loss, accuracy and every misclassified image. */
public final class Evaluator {

    /** Images per forward pass when evaluating. */
    public static final int BATCH_SIZE = 256;

    /** A test image the model got wrong; probabilities are softmax outputs. */
    public record Mistake(int imageId, int trueClass, int predictedClass, double confidence, double trueClassProbability) {}

    /** Mean cross-entropy, accuracy in [0, 1], and the mistakes in image order. */
    public record Evaluation(double loss, double accuracy, int count, List<Mistake> mistakes) {}

    private final DjlRuntime runtime;
    private final ExecutorService dataWorkers;

    public Evaluator(DjlRuntime runtime, ExecutorService dataWorkers) {
        this.runtime = runtime;
        this.dataWorkers = dataWorkers;
    }

    public Evaluation evaluate(io.salience.model.CifarResNet model, NDManager parent, ImageSplit split,
            Normalization normalization) {
        runtime.inferenceMode();
        ParameterStore parameters = new ParameterStore(parent, false);
        double lossSum = 0;
        int correct = 0;
        List<Mistake> mistakes = new ArrayList<>();
        try (BatchLoader loader = new BatchLoader(split, BatchLoader.sequentialOrder(split.size()), BATCH_SIZE,
                new EvalTransform(normalization), 0, 0, dataWorkers, 2)) {
            while (loader.hasNext()) {
                Batch batch = loader.next();
                float[] logits;
                try (NDManager manager = parent.newSubManager()) {
                    NDArray images = toImages(manager, batch);
                    logits = model.forward(parameters, new NDList(images), false).singletonOrThrow().toFloatArray();
                }
                int classes = logits.length / batch.size();
                for (int i = 0; i < batch.size(); i++) {
                    double[] p = softmax(logits, i * classes, classes);
                    int predicted = argMax(p);
                    int label = batch.labels()[i];
                    lossSum -= Math.log(Math.max(p[label], Double.MIN_NORMAL));
                    if (predicted == label) {
                        correct++;
                    } else {
                        mistakes.add(new Mistake(batch.imageIds()[i], label, predicted, p[predicted], p[label]));
                    }
                }
            }
        }
        int n = split.size();
        return new Evaluation(n == 0 ? 0 : lossSum / n, n == 0 ? 0 : (double) correct / n, n, List.copyOf(mistakes));
    }

    /** The batch's normalized pixels as an (N, 3, 32, 32) array in {@code manager}. */
    static NDArray toImages(NDManager manager, Batch batch) {
        int n = batch.size();
        return manager.create(FloatBuffer.wrap(batch.data(), 0, n * ImageSplit.IMAGE_BYTES),
                new Shape(n, ImageSplit.CHANNELS, ImageSplit.SIDE, ImageSplit.SIDE));
    }

    /** Numerically stable softmax of {@code length} scores starting at {@code offset}. */
    public static double[] softmax(float[] scores, int offset, int length) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < length; k++) {
            max = Math.max(max, scores[offset + k]);
        }
        double[] p = new double[length];
        double sum = 0;
        for (int k = 0; k < length; k++) {
            p[k] = Math.exp(scores[offset + k] - max);
            sum += p[k];
        }
        for (int k = 0; k < length; k++) {
            p[k] /= sum;
        }
        return p;
    }

    static int argMax(double[] values) {
        int best = 0;
        for (int k = 1; k < values.length; k++) {
            if (values[k] > values[best]) {
                best = k;
            }
        }
        return best;
    }
}
