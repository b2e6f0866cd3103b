package io.salience.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.salience.TestEngine;
import io.salience.data.augment.AugmentationSettings;
import io.salience.model.CifarResNet;
import io.salience.model.ModelFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-step options against their PyTorch definitions. */
class TrainingStepTest {

    private static final int N = 4;
    private static final int[] LABELS = {0, 3, 7, 9};

    /** What a step computed, read from the device before its batch's manager closes. */
    record Step(float loss, float[] logits, double gradientNorm, double learningRate) {}

    static TrainingSettings settings(int warmupSteps, double labelSmoothing, Double clip) {
        return new TrainingSettings("tiny", 1, N, 0.001, 1e-4, 1, null, null, AugmentationSettings.NONE,
                ReduceLrOnPlateau.Settings.DEFAULTS, "reference", null, warmupSteps, labelSmoothing, clip);
    }

    /** Runs {@code steps} steps on a fixed batch from seed 3's weights; returns the results and the final weights. */
    private static List<Object> train(TrainingSettings settings, int steps) {
        try (NDManager manager = TestEngine.runtime().newManager()) {
            CifarResNet model = ModelFactory.create(manager, 10, 3);
            List<Step> results = new ArrayList<>();
            try (AdamOptimizer adam = new AdamOptimizer(manager, CheckpointFiles.trainableParameters(model), 1e-4)) {
                TrainingStep step = new TrainingStep(TestEngine.runtime(), model, adam, settings);
                for (int s = 0; s < steps; s++) {
                    try (NDManager batch = manager.newSubManager()) {
                        NDArray images = batch.create(java.nio.FloatBuffer.wrap(images(s)), new Shape(N, 3, 32, 32));
                        TrainingStep.Result r = step.run(batch, images, batch.create(LABELS), 0.001, true);
                        results.add(new Step(r.loss(), r.logits(), r.gradientNorm(), r.learningRate()));
                    }
                }
            }
            float[] head = model.head().getParameters().get("weight").getArray().toFloatArray();
            return List.of(results, head);
        }
    }

    private static float[] images(int seed) {
        float[] x = new float[N * 3 * 32 * 32];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.sin(0.1 * i + seed);
        }
        return x;
    }

    @SuppressWarnings("unchecked")
    private static List<Step> results(List<Object> run) {
        return (List<Step>) run.get(0);
    }

    @Test
    void warmUpScalesTheRateLinearlyForTheFirstStepsThenLeavesIt() {
        List<Step> results = results(train(settings(3, 0, null), 5));
        assertThat(results).extracting(Step::learningRate)
                .containsExactly(0.001 / 3, 0.002 / 3, 0.001, 0.001, 0.001);
        assertThat(settings(0, 0, null).warmedUp(0.01, 1)).isEqualTo(0.01);
    }

    @Test
    void labelSmoothingIsPyTorchsSmoothedCrossEntropy() {
        double epsilon = 0.2;
        Step result = results(train(settings(0, epsilon, null), 1)).get(0);
        // torch: (1 - e) * NLL(y) + e * mean over classes of -log p_k, averaged over the batch.
        double expected = 0;
        for (int n = 0; n < N; n++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < 10; k++) {
                max = Math.max(max, result.logits()[n * 10 + k]);
            }
            double z = 0;
            for (int k = 0; k < 10; k++) {
                z += Math.exp(result.logits()[n * 10 + k] - max);
            }
            double logZ = Math.log(z) + max;
            double uniform = 0;
            for (int k = 0; k < 10; k++) {
                uniform += (logZ - result.logits()[n * 10 + k]) / 10;
            }
            expected += (1 - epsilon) * (logZ - result.logits()[n * 10 + LABELS[n]]) + epsilon * uniform;
        }
        assertThat((double) result.loss()).isCloseTo(expected / N, within(1e-5));
    }

    @Test
    void clippingScalesTheGradientOnlyWhenItsNormIsLarger() {
        List<Object> plain = train(settings(0, 0, null), 2);
        List<Object> loose = train(settings(0, 0, 1e9), 2);
        List<Object> tight = train(settings(0, 0, 1e-3), 2);
        // A bound above the norm changes nothing, to the bit; the norm is measured before clipping.
        assertThat((float[]) loose.get(1)).isEqualTo((float[]) plain.get(1));
        assertThat(results(tight).get(0).gradientNorm()).isEqualTo(results(plain).get(0).gradientNorm())
                .isGreaterThan(1e-3);
        // Adam divides by the gradient's scale, but the coupled weight decay does not: clipping to a
        // tiny norm makes the decay dominate, so the weights must come out different.
        assertThat((float[]) tight.get(1)).isNotEqualTo((float[]) plain.get(1));
    }
}
