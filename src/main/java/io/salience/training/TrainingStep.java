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
    private static final float CLIP_EPSILON = 1e-6f;

    /**
     * What a step computed, as arrays on the device: reading them is a host synchronisation, which
     * the trainer does only every few steps (a GPU would otherwise wait for every batch).
     */
    public static final class Result {
        private final NDArray loss;
        private final NDArray scores;
        private final NDArray gradientNorm;
        private final double learningRate;

        Result(NDArray loss, NDArray scores, NDArray gradientNorm, double learningRate) {
            this.loss = loss;
            this.scores = scores;
            this.gradientNorm = gradientNorm;
            this.learningRate = learningRate;
        }

        /** The batch's mean loss before the update, a scalar on the device. */
        public NDArray lossArray() {
            return loss;
        }

        /** The batch's class scores before the update, (N, classes) on the device. */
        public NDArray scoresArray() {
            return scores;
        }

        /** The batch's loss before the update (reads it from the device). */
        public float loss() {
            return loss.getFloat();
        }

        /** The batch's class scores before the update, row-major (reads them from the device). */
        public float[] logits() {
            return scores.toFloatArray();
        }

        /** Total L2 norm of the gradients before clipping, or NaN when not measured (reads it from the device). */
        public double gradientNorm() {
            return gradientNorm == null ? Double.NaN : gradientNorm.getFloat();
        }

        /** The rate the update used. */
        public double learningRate() {
            return learningRate;
        }
    }

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
     * Trains on one batch. Every array it makes lives in {@code batchManager}, and nothing is read
     * back from the device.
     *
     * @param images normalized images (N, 3, 32, 32) in {@code batchManager}
     * @param labels the images' classes (N), int32, in {@code batchManager}
     * @param plainRate the scheduler's rate, before warm-up
     * @param measureNorm whether to measure the gradient norm when clipping does not need it anyway
     */
    public Result run(NDManager batchManager, NDArray images, NDArray labels, double plainRate, boolean measureNorm) {
        int n = Math.toIntExact(labels.size());
        int classes = model.numClasses();
        NDArray target = labels.oneHot(classes);
        double smoothing = settings.labelSmoothing();
        if (smoothing > 0) {
            target = target.mul((float) (1 - smoothing)).add((float) (smoothing / classes));
        }
        ParameterStore store = new ParameterStore(batchManager, false);
        NDArray scores;
        NDArray loss;
        try (var session = runtime.collectGradients()) {
            scores = model.forward(store, new NDList(images), true).singletonOrThrow();
            loss = scores.logSoftmax(1).mul(target).sum().div(-n);
            session.collector().backward(loss);
        }
        Double clip = settings.gradientClipNorm();
        NDArray norm = clip != null || measureNorm ? clipGradients(batchManager, clip) : null;
        double rate = settings.warmedUp(plainRate, adam.steps() + 1);
        adam.step(rate);
        return new Result(loss, scores, norm, rate);
    }

    /**
     * Returns the total gradient norm; scales every gradient down to {@code maxNorm} when it is
     * larger, on the device as {@code clip_grad_norm_} does (a factor clamped at 1 multiplies all).
     */
    private NDArray clipGradients(NDManager batchManager, Double maxNorm) {
        NDList norms = new NDList(parameters.size());
        NDList gradients = new NDList(parameters.size());
        for (Parameter p : parameters) {
            // The handle lives in the batch's manager; the gradient itself stays the parameter's.
            NDArray gradient = p.getArray().getGradient();
            gradient.attach(batchManager);
            gradients.add(gradient);
            norms.add(gradient.norm()); // one pass, no squared copy of the gradient
        }
        NDArray norm = NDArrays.stack(norms).norm(); // the norm of the norms, as clip_grad_norm_
        if (maxNorm != null) {
            NDArray coefficient = batchManager.create(maxNorm.floatValue()).div(norm.add(CLIP_EPSILON)).minimum(1f);
            for (NDArray gradient : gradients) {
                gradient.muli(coefficient);
            }
        }
        return norm;
    }
}
