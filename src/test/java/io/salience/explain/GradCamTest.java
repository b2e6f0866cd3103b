package io.salience.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.salience.TestEngine;
import io.salience.engine.DjlRuntime;
import io.salience.model.CifarResNet;
import io.salience.model.FeatureLayer;
import io.salience.model.ModelFactory;
import io.salience.serving.LoadedModel;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GradCamTest {

    private static final int N = 3;
    private static LoadedModel loaded;
    private static float[] images;
    private static final DjlRuntime RUNTIME = TestEngine.runtime();
    private static final GradCam GRAD_CAM = new GradCam(RUNTIME);

    @BeforeAll
    static void model() {
        NDManager manager = RUNTIME.newManager();
        CifarResNet model = ModelFactory.create(manager, 10, 21);
        // Serving models record no gradients in their parameters.
        model.getParameters().forEach(p -> p.getValue().getArray().setRequiresGradient(false));
        loaded = new LoadedModel(1, model, manager);
        Random random = new Random(5);
        images = new float[N * 3072];
        for (int i = 0; i < images.length; i++) {
            images[i] = (float) random.nextGaussian();
        }
        RUNTIME.inferenceMode();
    }

    @AfterAll
    static void close() {
        loaded.evict();
    }

    private static float[] single(int i) {
        float[] one = new float[3072];
        System.arraycopy(images, i * 3072, one, 0, 3072);
        return one;
    }

    @Test
    void atLayer4TheGradientIsTheHeadWeightOver16AndBothPathsAgree() {
        CamTarget target = new CamTarget.Fixed(7);
        List<CamMap> autograd = GRAD_CAM.compute(loaded, images, N, null, FeatureLayer.LAYER4, target, true);
        List<CamMap> closedForm = GRAD_CAM.compute(loaded, images, N, null, FeatureLayer.LAYER4, target, false);

        float[] w = loaded.model().head().getParameters().get("weight").getArray().toFloatArray();
        try (NDManager manager = loaded.manager().newSubManager()) {
            NDArray input = manager.create(images, new Shape(N, 3, 32, 32));
            float[] a = loaded.model().forwardTo(new ParameterStore(manager, false), input, false, FeatureLayer.LAYER4)
                    .toFloatArray();
            for (int i = 0; i < N; i++) {
                // The CAM identity: ReLU(sum_k W[c,k] A_k) / 16.
                float[] expected = new float[16];
                for (int k = 0; k < 512; k++) {
                    for (int p = 0; p < 16; p++) {
                        expected[p] += w[7 * 512 + k] * a[(i * 512 + k) * 16 + p];
                    }
                }
                for (int p = 0; p < 16; p++) {
                    expected[p] = Math.max(0, expected[p]) / 16;
                    assertThat(autograd.get(i).values()[p]).isCloseTo(expected[p], within(1e-5f));
                    assertThat(closedForm.get(i).values()[p]).isCloseTo(expected[p], within(1e-5f));
                }
                assertThat(autograd.get(i).width()).isEqualTo(4);
                assertThat(autograd.get(i).targetClass()).isEqualTo(7);
            }
        }
    }

    @Test
    void aBatchedMapEqualsTheSingleImageMap() {
        List<CamMap> batch = GRAD_CAM.compute(loaded, images, N, null, FeatureLayer.LAYER3, new CamTarget.Predicted());
        for (int i = 0; i < N; i++) {
            CamMap one = GRAD_CAM.compute(loaded, single(i), 1, null, FeatureLayer.LAYER3, new CamTarget.Predicted()).get(0);
            assertThat(one.width()).isEqualTo(8);
            assertThat(batch.get(i).targetClass()).isEqualTo(one.targetClass());
            for (int p = 0; p < one.values().length; p++) {
                assertThat(batch.get(i).values()[p]).isCloseTo(one.values()[p], within(1e-4f));
            }
        }
    }

    @Test
    void theGradientAtLayer3MatchesFiniteDifferences() {
        int target = 2;
        try (NDManager manager = loaded.manager().newSubManager()) {
            ParameterStore ps = new ParameterStore(manager, false);
            CifarResNet model = loaded.model();
            NDArray a = model.forwardTo(ps, manager.create(single(0), new Shape(1, 3, 32, 32)), false, FeatureLayer.LAYER3);
            NDArray leaf = a.duplicate();
            leaf.setRequiresGradient(true);
            float[] gradient;
            try (DjlRuntime.GradientSession session = RUNTIME.collectGradients()) {
                NDArray score = model.forwardFrom(ps, leaf, false, FeatureLayer.LAYER3).singletonOrThrow()
                        .get(new NDIndex(0, target));
                session.collector().backward(score);
                gradient = leaf.getGradient().toFloatArray();
            }
            float[] base = a.toFloatArray();
            float eps = 1e-2f;
            int[] entries = {0, 77, 1000, 4321, 9999, 16383};
            for (int e : entries) {
                float[] plus = base.clone();
                float[] minus = base.clone();
                plus[e] += eps;
                minus[e] -= eps;
                double numeric = (score(model, ps, manager, plus, target) - score(model, ps, manager, minus, target))
                        / (2 * eps);
                assertThat((double) gradient[e]).as("dy/dA at %d", e).isCloseTo(numeric, within(2e-3 + 0.02 * Math.abs(numeric)));
            }
        }
    }

    private static double score(CifarResNet model, ParameterStore ps, NDManager manager, float[] activations, int target) {
        NDArray a = manager.create(activations, new Shape(1, 256, 8, 8));
        return model.forwardFrom(ps, a, false, FeatureLayer.LAYER3).singletonOrThrow().toFloatArray()[target];
    }

    @Test
    void anAllZeroMapStaysZeroAfterScaling() {
        float[] scaled = new CamMap(FeatureLayer.LAYER4, 0, 0, null, 4, 4, new float[16]).scaled(32);
        assertThat(scaled).hasSize(1024).containsOnly(0f);
    }
}
