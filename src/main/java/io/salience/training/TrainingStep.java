package io.salience.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import io.salience.engine.DjlRuntime;
import io.salience.model.CifarResNet;
import java.util.List;

/**
 * One optimizer step, with PyTorch's semantics throughout: mean cross-entropy (with optional
 * label smoothing), backward, optional clipping of the total gradient norm, then Adam at the
 * warmed-up learning rate. The trainer and the equivalence tests share it.
 */
public final class TrainingStep {

    /** PyTorch's {@code clip_grad_norm_} adds this to the norm before dividing. */
    private static final double CLIP_EPSILON = 1e-6;

    /**
     * What a step computed.
     *
     * @param loss the batch's loss before the update
     * @param logits the batch's class scores before the update, row-major
     * @param gradientNorm total L2 norm of the gradients before clipping, or NaN when not measured
     * @param learningRate the rate the update used
     */
    public record Result(float loss, float[] logits, double gradientNorm, double learningRate) {}

    private final DjlRuntime runtime;
    private final CifarResNet model;
    private final AdamOptimizer adam;
    private final List<Parameter> parameters;
    private final TrainingSettings settings;

    public TrainingStep(DjlRuntime runtime, CifarResNet model, AdamOptimizer adam, TrainingSettings settings) {
        this.runtime = runtime;
        this.model = model;
        this.adam = adam;
        this.parameters = adam.parameters();
        this.settings = settings;
    }

    /**
     * Trains on one batch. Every array it makes lives in {@code batchManager}.
     *
     * @param images normalized images (N, 3, 32, 32) in {@code batchManager}
     * @param plainRate the scheduler's rate, before warm-up
     * @param measureNorm whether to measure the gradient norm when clipping does not need it anyway
     */
    public Result run(NDManager batchManager, NDArray images, int[] labels, double plainRate, boolean measureNorm) {
        int n = labels.length;
        int classes = model.numClasses();
        NDArray target = batchManager.create(labels).oneHot(classes);
        double smoothing = settings.labelSmoothing();
        if (smoothing > 0) {
            target = target.mul((float) (1 - smoothing)).add((float) (smoothing / classes));
        }
        ParameterStore store = new ParameterStore(batchManager, false);
        float loss;
        float[] logits;
        double norm = Double.NaN;
        try (var session = runtime.collectGradients()) {
            NDArray scores = model.forward(store, new NDList(images), true).singletonOrThrow();
            NDArray lossArray = scores.logSoftmax(1).mul(target).sum().div(-n);
            session.collector().backward(lossArray);
            loss = lossArray.getFloat();
            logits = scores.toFloatArray();
        }
        if (!Float.isFinite(loss)) {
            return new Result(loss, logits, norm, 0);
        }
        Double clip = settings.gradientClipNorm();
        if (clip != null || measureNorm) {
            norm = clipGradients(batchManager, clip);
        }
        double rate = settings.warmedUp(plainRate, adam.steps() + 1);
        adam.step(rate);
        return new Result(loss, logits, norm, rate);
    }

    /** Returns the total gradient norm; scales every gradient down to {@code maxNorm} when it is larger. */
    private double clipGradients(NDManager batchManager, Double maxNorm) {
        NDList squares = new NDList(parameters.size());
        NDList gradients = new NDList(parameters.size());
        for (Parameter p : parameters) {
            // The handle lives in the batch's manager; the gradient itself stays the parameter's.
            NDArray gradient = p.getArray().getGradient();
            gradient.attach(batchManager);
            gradients.add(gradient);
            squares.add(gradient.square().sum());
        }
        double norm = Math.sqrt(NDArrays.stack(squares).sum().getFloat());
        if (maxNorm != null) {
            double coefficient = maxNorm / (norm + CLIP_EPSILON);
            if (coefficient < 1) {
                for (NDArray gradient : gradients) {
                    gradient.muli((float) coefficient);
                }
            }
        }
        return norm;
    }
}
