package io.salience.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import io.salience.TestEngine;
import io.salience.engine.DjlRuntime;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdamOptimizerTest {

    private static final float[] START = {0.5f, -1.0f, 2.0f};
    private static final double LR = 0.1;
    private static final double WD = 0.01;

    /** Loss = sum(w^2 * k) with k = (1, 2, 3): gradient 2*k*w. */
    private static void backward(DjlRuntime runtime, NDArray w) {
        try (DjlRuntime.GradientSession session = runtime.collectGradients()) {
            NDArray k = w.getManager().create(new float[] {1, 2, 3});
            session.collector().backward(w.square().mul(k).sum());
        }
    }

    private static Parameter parameter(NDManager manager) {
        Parameter p = Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT).build();
        p.setArray(manager.create(START.clone()));
        p.getArray().setRequiresGradient(true);
        return p;
    }

    /** torch.optim.Adam's update, written out in doubles. */
    private static double[] reference(int steps) {
        double[] w = {START[0], START[1], START[2]};
        double[] m = new double[3];
        double[] v = new double[3];
        for (int t = 1; t <= steps; t++) {
            for (int i = 0; i < 3; i++) {
                double g = 2 * (i + 1) * w[i] + WD * w[i];
                m[i] = 0.9 * m[i] + 0.1 * g;
                v[i] = 0.999 * v[i] + 0.001 * g * g;
                double mHat = m[i] / (1 - Math.pow(0.9, t));
                double vHat = v[i] / (1 - Math.pow(0.999, t));
                w[i] -= LR * mHat / (Math.sqrt(vHat) + 1e-8);
            }
        }
        return w;
    }

    @Test
    void matchesTorchAdamWithCoupledWeightDecay() {
        DjlRuntime runtime = TestEngine.runtime();
        try (NDManager manager = runtime.newManager()) {
            Parameter p = parameter(manager);
            try (AdamOptimizer adam = new AdamOptimizer(manager, List.of(p), WD)) {
                for (int t = 0; t < 5; t++) {
                    backward(runtime, p.getArray());
                    adam.step(LR);
                }
                double[] expected = reference(5);
                float[] actual = p.getArray().toFloatArray();
                for (int i = 0; i < 3; i++) {
                    assertThat((double) actual[i]).isCloseTo(expected[i], within(1e-5));
                }
                assertThat(adam.steps()).isEqualTo(5);
            }
        }
    }

    @Test
    void savedStateResumesTheSameTrajectory() throws IOException {
        DjlRuntime runtime = TestEngine.runtime();
        try (NDManager manager = runtime.newManager()) {
            Parameter p = parameter(manager);
            byte[] saved;
            float[] weightsAfterTwo;
            try (AdamOptimizer adam = new AdamOptimizer(manager, List.of(p), WD)) {
                for (int t = 0; t < 2; t++) {
                    backward(runtime, p.getArray());
                    adam.step(LR);
                }
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                adam.save(new DataOutputStream(bytes));
                saved = bytes.toByteArray();
                weightsAfterTwo = p.getArray().toFloatArray();
            }
            Parameter resumed = parameter(manager);
            resumed.getArray().set(weightsAfterTwo);
            try (AdamOptimizer adam = new AdamOptimizer(manager, List.of(resumed), WD)) {
                adam.load(new DataInputStream(new ByteArrayInputStream(saved)));
                for (int t = 0; t < 3; t++) {
                    backward(runtime, resumed.getArray());
                    adam.step(LR);
                }
            }
            double[] expected = reference(5);
            float[] actual = resumed.getArray().toFloatArray();
            for (int i = 0; i < 3; i++) {
                assertThat((double) actual[i]).isCloseTo(expected[i], within(1e-5));
            }
        }
    }
}
