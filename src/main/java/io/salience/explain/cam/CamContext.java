package io.salience.explain.cam;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.salience.data.ImageSplit;
import io.salience.engine.DjlRuntime;
import io.salience.model.CifarResNet;
import io.salience.model.FeatureLayer;
import java.nio.FloatBuffer;
import java.util.EnumMap;
import java.util.Map;

/**
 * What a CAM method may ask of the model for one batch of images and the classes to explain:
 * a stage's activations, the gradient of each image's target score with respect to them, and
 * target scores or input gradients of other (perturbed) inputs, computed in batches of at most
 * {@link CamOptions#batchSize()} images. Every array lives in the caller's manager, which closes
 * them all; batches use their own sub-managers so memory stays flat over thousands of passes.
 *
 * <p>Gradients take the process's gradient lock for one batch at a time, so training never waits
 * for more than one such batch. At {@code layer4} the gradient is known in closed form (a 4x4
 * average pool and a linear layer follow: dy_c/dA_k(p) = W[c,k] / 16 at every position p), so that
 * layer needs neither a backward pass nor the lock.
 */
public final class CamContext {

    private final DjlRuntime runtime;
    private final CifarResNet model;
    private final NDManager manager;
    private final float[] images;
    private final int size;
    private final int[] targets;
    private final CamOptions options;
    private final Map<FeatureLayer, float[]> activations = new EnumMap<>(FeatureLayer.class);
    private final Map<FeatureLayer, float[]> gradients = new EnumMap<>(FeatureLayer.class);
    private final boolean onePass;

    CamContext(DjlRuntime runtime, CifarResNet model, NDManager manager, float[] images, int size, int[] targets,
            CamOptions options) {
        this(runtime, model, manager, images, size, targets, options, null, false);
    }

    /**
     * @param layer4 the images' layer4 activations when a pass already computed them, else null
     * @param onePass refuse every further pass (the method said {@link CamMethod#onePassAtLayer4()})
     */
    CamContext(DjlRuntime runtime, CifarResNet model, NDManager manager, float[] images, int size, int[] targets,
            CamOptions options, float[] layer4, boolean onePass) {
        this.runtime = runtime;
        this.model = model;
        this.manager = manager;
        this.images = images;
        this.size = size;
        this.targets = targets;
        this.options = options;
        this.onePass = onePass;
        if (layer4 != null) {
            activations.put(FeatureLayer.LAYER4, layer4);
        }
    }

    /** Fails when the method promised to need no pass beyond the shared one. */
    private void anotherPass(String what) {
        if (onePass) {
            throw new IllegalStateException("a one-pass method asked for " + what);
        }
    }

    /** Number of images. */
    public int size() {
        return size;
    }

    /** The class each image's map explains. */
    public int target(int image) {
        return targets[image];
    }

    public int[] targets() {
        return targets.clone();
    }

    /** The normalized images, {@code size * 3072} floats (planar CHW). */
    public float[] images() {
        return images;
    }

    public CamOptions options() {
        return options;
    }

    public int numClasses() {
        return model.numClasses();
    }

    /** The stage's activations (after its last ReLU), {@code size * channels * h * w} floats. */
    public float[] activations(FeatureLayer layer) {
        if (!activations.containsKey(layer)) {
            anotherPass("the activations of " + layer.id());
            // A plain forward pass: gradient-free methods never take the gradient lock.
            activations.put(layer, forwardTo(layer));
        }
        return activations.get(layer);
    }

    /** d y_target / d A for each image, the activations' layout (their pass also yields the activations). */
    public float[] gradients(FeatureLayer layer) {
        if (!gradients.containsKey(layer)) {
            if (layer == FeatureLayer.LAYER4) {
                gradients.put(layer, closedFormLayer4Gradients());
            } else {
                anotherPass("the gradients at " + layer.id());
                computeGradients(layer);
            }
        }
        return gradients.get(layer);
    }

    /** The stage's activations of every image, in batches. */
    private float[] forwardTo(FeatureLayer layer) {
        int per = layer.channels() * layer.size() * layer.size();
        float[] a = new float[size * per];
        for (int from = 0; from < size; from += options.batchSize()) {
            int count = Math.min(options.batchSize(), size - from);
            try (NDManager batch = manager.newSubManager()) {
                NDArray input = batch.create(FloatBuffer.wrap(images, from * ImageSplit.IMAGE_BYTES,
                        count * ImageSplit.IMAGE_BYTES), imageShape(count));
                float[] part = model.forwardTo(new ParameterStore(batch, false), input, false, layer).toFloatArray();
                System.arraycopy(part, 0, a, from * per, part.length);
            }
        }
        return a;
    }

    private void computeGradients(FeatureLayer layer) {
        float[] a = new float[size * layer.channels() * layer.size() * layer.size()];
        float[] g = new float[a.length];
        int per = layer.channels() * layer.size() * layer.size();
        for (int from = 0; from < size; from += options.batchSize()) {
            int count = Math.min(options.batchSize(), size - from);
            try (NDManager batch = manager.newSubManager()) {
                ParameterStore ps = new ParameterStore(batch, false);
                NDArray input = batch.create(FloatBuffer.wrap(images, from * ImageSplit.IMAGE_BYTES,
                        count * ImageSplit.IMAGE_BYTES), imageShape(count));
                NDArray stage = model.forwardTo(ps, input, false, layer);
                stage.setRequiresGradient(true);
                try (DjlRuntime.GradientSession session = runtime.collectExplanationGradients()) {
                    NDArray logits = model.forwardFrom(ps, stage, false, layer).singletonOrThrow();
                    session.collector().backward(selected(batch, logits, targets, from, count));
                    System.arraycopy(stage.getGradient().toFloatArray(), 0, g, from * per, count * per);
                }
                System.arraycopy(stage.toFloatArray(), 0, a, from * per, count * per);
            }
        }
        activations.put(layer, a);
        gradients.put(layer, g);
    }

    private float[] closedFormLayer4Gradients() {
        int channels = FeatureLayer.LAYER4.channels();
        int area = FeatureLayer.LAYER4.size() * FeatureLayer.LAYER4.size();
        float[] w = io.salience.engine.HostReads.floats(model.head().getParameters().get("weight").getArray());
        float[] g = new float[size * channels * area];
        for (int i = 0; i < size; i++) {
            for (int k = 0; k < channels; k++) {
                float value = w[targets[i] * channels + k] / area;
                java.util.Arrays.fill(g, (i * channels + k) * area, (i * channels + k + 1) * area, value);
            }
        }
        return g;
    }

    /**
     * Target class scores (pre-softmax) of {@code count} other inputs.
     *
     * @param inputs normalized images, {@code count * 3072} floats
     * @param inputTargets the class to score for each input
     */
    public float[] targetScores(float[] inputs, int count, int[] inputTargets) {
        anotherPass("target scores of other inputs");
        float[] scores = new float[count];
        for (int from = 0; from < count; from += options.batchSize()) {
            int n = Math.min(options.batchSize(), count - from);
            try (NDManager batch = manager.newSubManager()) {
                NDArray input = batch.create(FloatBuffer.wrap(inputs, from * ImageSplit.IMAGE_BYTES,
                        n * ImageSplit.IMAGE_BYTES), imageShape(n));
                float[] logits = model.forwardFrom(new ParameterStore(batch, false),
                        model.forwardTo(new ParameterStore(batch, false), input, false, FeatureLayer.LAYER4), false,
                        FeatureLayer.LAYER4).singletonOrThrow().toFloatArray();
                pick(logits, inputTargets, from, n, scores);
            }
        }
        return scores;
    }

    /**
     * Target class scores when the network continues from other activations of {@code layer}.
     *
     * @param stageActivations {@code count} activation stacks in that layer's layout
     */
    public float[] targetScoresFrom(FeatureLayer layer, float[] stageActivations, int count, int[] inputTargets) {
        anotherPass("target scores from other activations");
        int per = layer.channels() * layer.size() * layer.size();
        float[] scores = new float[count];
        for (int from = 0; from < count; from += options.batchSize()) {
            int n = Math.min(options.batchSize(), count - from);
            try (NDManager batch = manager.newSubManager()) {
                NDArray stage = batch.create(FloatBuffer.wrap(stageActivations, from * per, n * per),
                        new Shape(n, layer.channels(), layer.size(), layer.size()));
                float[] logits = model.forwardFrom(new ParameterStore(batch, false), stage, false, layer)
                        .singletonOrThrow().toFloatArray();
                pick(logits, inputTargets, from, n, scores);
            }
        }
        return scores;
    }

    /** d y_target / d input for {@code count} inputs, their layout; takes the gradient lock per batch. */
    public float[] inputGradients(float[] inputs, int count, int[] inputTargets) {
        anotherPass("input gradients");
        float[] g = new float[count * ImageSplit.IMAGE_BYTES];
        for (int from = 0; from < count; from += options.batchSize()) {
            int n = Math.min(options.batchSize(), count - from);
            try (NDManager batch = manager.newSubManager()) {
                ParameterStore ps = new ParameterStore(batch, false);
                NDArray input = batch.create(FloatBuffer.wrap(inputs, from * ImageSplit.IMAGE_BYTES,
                        n * ImageSplit.IMAGE_BYTES), imageShape(n));
                input.setRequiresGradient(true);
                try (DjlRuntime.GradientSession session = runtime.collectExplanationGradients()) {
                    NDArray logits = model.forward(ps, new ai.djl.ndarray.NDList(input), false).singletonOrThrow();
                    session.collector().backward(selected(batch, logits, inputTargets, from, n));
                    System.arraycopy(input.getGradient().toFloatArray(), 0, g, from * ImageSplit.IMAGE_BYTES,
                            n * ImageSplit.IMAGE_BYTES);
                }
            }
        }
        return g;
    }

    /** The sum over the batch of each row's target logit: its gradient is each row's own. */
    private static NDArray selected(NDManager batch, NDArray logits, int[] rowTargets, int from, int count) {
        int[] rows = new int[count];
        System.arraycopy(rowTargets, from, rows, 0, count);
        return logits.mul(batch.create(rows).oneHot((int) logits.getShape().get(1))).sum();
    }

    private static void pick(float[] logits, int[] rowTargets, int from, int count, float[] scores) {
        int classes = logits.length / count;
        for (int i = 0; i < count; i++) {
            scores[from + i] = logits[i * classes + rowTargets[from + i]];
        }
    }

    private static Shape imageShape(int n) {
        return new Shape(n, ImageSplit.CHANNELS, ImageSplit.SIDE, ImageSplit.SIDE);
    }
}
