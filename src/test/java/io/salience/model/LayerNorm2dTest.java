package io.salience.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.salience.TestEngine;
import io.salience.engine.DjlRuntime;
import org.junit.jupiter.api.Test;

class LayerNorm2dTest {

    private static final Shape INPUT = new Shape(3, 4, 5, 6);

    /** Mean and variance per sample over (C,H,W), then the per-channel affine, written out directly. */
    private static NDArray direct(NDArray x, NDArray gamma, NDArray beta) {
        NDArray flat = x.reshape(x.getShape().get(0), -1);
        NDArray centered = flat.sub(flat.mean(new int[] {1}, true));
        NDArray variance = centered.square().mean(new int[] {1}, true);
        NDArray normalized = centered.div(variance.add(LayerNorm2d.EPSILON).sqrt()).reshape(x.getShape());
        return normalized.mul(gamma.reshape(1, -1, 1, 1)).add(beta.reshape(1, -1, 1, 1));
    }

    @Test
    void forwardAndBackwardMatchTheDirectComputation() {
        DjlRuntime runtime = TestEngine.runtime();
        try (NDManager manager = runtime.newManager()) {
            LayerNorm2d norm = new LayerNorm2d();
            norm.initialize(manager, DataType.FLOAT32, INPUT);
            NDArray gamma = norm.getParameters().get("gamma").getArray();
            NDArray beta = norm.getParameters().get("beta").getArray();
            gamma.set(new float[] {0.5f, 1.5f, -2f, 3f});
            beta.set(new float[] {0.1f, -0.2f, 0.3f, 1f});
            NDArray x = manager.randomNormal(3, 2, INPUT, DataType.FLOAT32);
            NDArray upstream = manager.randomNormal(INPUT);

            float[] fused;
            float[][] fusedGrads;
            try (DjlRuntime.GradientSession session = runtime.collectGradients()) {
                x.setRequiresGradient(true);
                NDArray y = norm.forward(new ParameterStore(manager, false), new NDList(x), true).singletonOrThrow();
                session.collector().backward(y.mul(upstream).sum());
                fused = y.toFloatArray();
                fusedGrads = new float[][] {x.getGradient().toFloatArray(), gamma.getGradient().toFloatArray(),
                    beta.getGradient().toFloatArray()};
            }

            NDArray x2 = x.duplicate();
            NDArray g2 = gamma.duplicate();
            NDArray b2 = beta.duplicate();
            try (GradientCollector collector = runtime.engine().newGradientCollector()) {
                x2.setRequiresGradient(true);
                g2.setRequiresGradient(true);
                b2.setRequiresGradient(true);
                NDArray expected = direct(x2, g2, b2);
                collector.backward(expected.mul(upstream).sum());
                assertClose(fused, expected.toFloatArray(), 1e-5f);
                assertClose(fusedGrads[0], x2.getGradient().toFloatArray(), 1e-4f);
                assertClose(fusedGrads[1], g2.getGradient().toFloatArray(), 1e-3f);
                assertClose(fusedGrads[2], b2.getGradient().toFloatArray(), 1e-3f);
            }
        }
    }

    @Test
    void withUnitScaleEachSampleHasZeroMeanAndUnitVariance() {
        try (NDManager manager = TestEngine.runtime().newManager()) {
            LayerNorm2d norm = new LayerNorm2d();
            norm.setInitializer(ai.djl.training.initializer.Initializer.ONES, ai.djl.nn.Parameter.Type.GAMMA);
            norm.setInitializer(ai.djl.training.initializer.Initializer.ZEROS, ai.djl.nn.Parameter.Type.BETA);
            norm.initialize(manager, DataType.FLOAT32, INPUT);
            NDArray x = manager.randomUniform(-5, 20, INPUT);
            NDArray y = norm.forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow();
            NDArray flat = y.reshape(3, -1);
            float[] means = flat.mean(new int[] {1}).toFloatArray();
            float[] vars = flat.square().mean(new int[] {1}).toFloatArray();
            for (int i = 0; i < 3; i++) {
                assertThat(means[i]).isCloseTo(0f, within(1e-5f));
                assertThat(vars[i]).isCloseTo(1f, within(1e-3f));
            }
            // One scale and one shift per channel: 2 * C parameters, not 2 * C * H * W.
            assertThat(norm.getParameters().get("gamma").getArray().getShape()).isEqualTo(new Shape(4));
        }
    }

    private static void assertClose(float[] actual, float[] expected, float tolerance) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < actual.length; i++) {
            assertThat(actual[i]).as("element %d", i).isCloseTo(expected[i], within(tolerance * Math.max(1, Math.abs(expected[i]))));
        }
    }
}
