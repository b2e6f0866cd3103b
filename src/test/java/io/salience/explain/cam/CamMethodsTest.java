package io.salience.explain.cam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.salience.TestEngine;
import io.salience.data.Normalization;
import io.salience.engine.DjlRuntime;
import io.salience.model.CifarResNet;
import io.salience.model.FeatureLayer;
import io.salience.model.ModelFactory;
import io.salience.serving.Inference;
import io.salience.serving.LoadedModel;
import io.salience.serving.MicroBatcher;
import io.salience.serving.ServingProperties;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each method against an independent computation. At layer4 a 4x4 average pool and a linear head
 * follow, so y_c = sum_k W[c,k] mean(A_k) + b_c and every method has a closed form there; below it
 * the gradient is checked by finite differences and the principal component by power iteration.
 */
class CamMethodsTest {

    private static final int N = 3;
    private static final int AREA4 = 16;
    private static final DjlRuntime RUNTIME = TestEngine.runtime();
    private static final CamComputer COMPUTER = TestEngine.camComputer();
    private static LoadedModel loaded;
    private static float[] images;
    private static float[] w;

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
        w = model.head().getParameters().get("weight").getArray().toFloatArray();
        RUNTIME.inferenceMode();
    }

    @AfterAll
    static void close() {
        loaded.evict();
    }

    private static CamRequest request(CamMethod method, CamTarget target, List<FeatureLayer> layers,
            Set<CamRequest.Smoothing> smoothing, CamOptions options) {
        return new CamRequest(method, method.usesLayer() ? layers : List.of(), target, smoothing, options);
    }

    private static List<CamMap> maps(CamMethod method, CamTarget target, FeatureLayer... layers) {
        return COMPUTER.compute(loaded, images, N, null,
                request(method, target, List.of(layers), Set.of(), CamOptions.defaults(64)));
    }

    private static float[] activations(float[] input, int n, FeatureLayer layer) {
        try (NDManager manager = loaded.manager().newSubManager()) {
            return loaded.model().forwardTo(new ParameterStore(manager, false),
                    manager.create(input, new Shape(n, 3, 32, 32)), false, layer).toFloatArray();
        }
    }

    private static float[] logits(float[] input, int n) {
        try (NDManager manager = loaded.manager().newSubManager()) {
            return loaded.model().forward(new ParameterStore(manager, false),
                    new NDList(manager.create(input, new Shape(n, 3, 32, 32))), false).singletonOrThrow().toFloatArray();
        }
    }

    private static float[] single(int i) {
        float[] one = new float[3072];
        System.arraycopy(images, i * 3072, one, 0, 3072);
        return one;
    }

    /** ReLU(sum_k alpha[k] A_k) of one image at layer4. */
    private static float[] weighted(float[] a, int image, double[] alpha) {
        float[] map = new float[AREA4];
        for (int k = 0; k < 512; k++) {
            for (int p = 0; p < AREA4; p++) {
                map[p] += (float) (alpha[k] * a[(image * 512 + k) * AREA4 + p]);
            }
        }
        for (int p = 0; p < AREA4; p++) {
            map[p] = Math.max(0, map[p]);
        }
        return map;
    }

    private static void assertClose(float[] actual, float[] expected, double relative) {
        float scale = 0;
        for (float v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        assertThat(actual).hasSameSizeAs(expected);
        for (int p = 0; p < expected.length; p++) {
            assertThat(actual[p]).as("value %d", p).isCloseTo(expected[p], within((float) (relative * scale + 1e-7)));
        }
    }

    @Test
    void gradCamAtLayer4IsTheHeadWeightOver16AndTheClosedFormGradientIsAutograds() {
        List<CamMap> maps = maps(new GradCamMethod(), new CamTarget.Fixed(7), FeatureLayer.LAYER4);
        float[] a = activations(images, N, FeatureLayer.LAYER4);
        for (int i = 0; i < N; i++) {
            double[] alpha = new double[512];
            for (int k = 0; k < 512; k++) {
                alpha[k] = w[7 * 512 + k] / 16.0;
            }
            assertClose(maps.get(i).values(), weighted(a, i, alpha), 1e-5);
            assertThat(maps.get(i).width()).isEqualTo(4);
            assertThat(maps.get(i).targetClass()).isEqualTo(7);
            assertThat(maps.get(i).method()).isEqualTo("gradcam");
        }
        // The closed form agrees with a backward pass through pool and head.
        try (NDManager manager = loaded.manager().newSubManager()) {
            CamContext context = new CamContext(RUNTIME, loaded.model(), manager, images, N, new int[] {7, 2, 7},
                    CamOptions.defaults(64));
            float[] closedForm = context.gradients(FeatureLayer.LAYER4);
            NDArray leaf = manager.create(a, new Shape(N, 512, 4, 4));
            leaf.setRequiresGradient(true);
            try (DjlRuntime.GradientSession session = RUNTIME.collectGradients()) {
                NDArray logits = loaded.model().forwardFrom(new ParameterStore(manager, false), leaf, false,
                        FeatureLayer.LAYER4).singletonOrThrow();
                session.collector().backward(logits.mul(manager.create(new int[] {7, 2, 7}).oneHot(10)).sum());
                assertClose(closedForm, leaf.getGradient().toFloatArray(), 1e-5);
            }
        }
    }

    private static final List<CamMethod> ALL = List.of(new GradCamMethod(), new GradCamPlusPlus(), new XGradCam(),
            new HiResCam(), new LayerCam(), new EigenCam(), new EigenGradCam(), new ScoreCam(), new AblationCam(),
            new IntegratedGradients());

    @Test
    void oneImageOfAOnePassMethodThroughTheSharedPassGetsTheMapOfItsOwnPasses() {
        MicroBatcher shared = new MicroBatcher(new Inference(RUNTIME), new ServingProperties(4, 8192,
                new ServingProperties.MicroBatch(8, Duration.ofMillis(5), 16, Duration.ofSeconds(30))),
                new SimpleMeterRegistry());
        CamComputer sharing = new CamComputer(RUNTIME, new Inference(RUNTIME), shared);
        float[] image = Arrays.copyOfRange(images, 3072, 2 * 3072);
        try {
            for (CamMethod method : ALL) {
                CamRequest request = request(method, new CamTarget.Predicted(), List.of(FeatureLayer.LAYER4), Set.of(),
                        CamOptions.defaults(64));
                assertThat(request.onePass()).as(method.id()).isEqualTo(method.onePassAtLayer4());
                if (!request.onePass()) {
                    continue;
                }
                CamMap viaShared = sharing.compute(loaded, image, 1, null, request).get(0);
                CamMap own = COMPUTER.compute(loaded, image, 1, null, request).get(0);
                assertThat(viaShared.targetClass()).as(method.id()).isEqualTo(own.targetClass());
                assertClose(viaShared.values(), own.values(), 1e-4);
            }
        } finally {
            shared.stop();
        }
    }

    @Test
    void aOnePassContextRefusesEveryOtherPassAndOnlyOnePassMethodsStayWithinIt() {
        float[] image = Arrays.copyOfRange(images, 0, 3072);
        try (NDManager manager = loaded.manager().newSubManager()) {
            float[] layer4 = activations(image, 1, FeatureLayer.LAYER4);
            for (CamMethod method : ALL) {
                CamContext context = new CamContext(RUNTIME, loaded.model(), manager, image, 1, new int[] {3},
                        CamOptions.defaults(64), layer4.clone(), true);
                if (method.onePassAtLayer4()) {
                    assertThat(method.compute(context, FeatureLayer.LAYER4, false).values()[0]).as(method.id())
                            .hasSize(AREA4);
                } else {
                    assertThatThrownBy(() -> method.compute(context, FeatureLayer.LAYER4, false)).as(method.id())
                            .isInstanceOf(IllegalStateException.class).hasMessageContaining("one-pass method asked for");
                }
            }
            CamContext context = new CamContext(RUNTIME, loaded.model(), manager, image, 1, new int[] {3},
                    CamOptions.defaults(64), layer4, true);
            assertThatThrownBy(() -> context.activations(FeatureLayer.LAYER3)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> context.targetScores(image, 1, new int[] {3}))
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void hiResCamAndXGradCamEqualGradCamWhereTheGradientIsSpatiallyConstant() {
        List<CamMap> gradCam = maps(new GradCamMethod(), new CamTarget.Fixed(3), FeatureLayer.LAYER4);
        List<CamMap> hiRes = maps(new HiResCam(), new CamTarget.Fixed(3), FeatureLayer.LAYER4);
        List<CamMap> xGrad = maps(new XGradCam(), new CamTarget.Fixed(3), FeatureLayer.LAYER4);
        for (int i = 0; i < N; i++) {
            assertClose(hiRes.get(i).values(), gradCam.get(i).values(), 1e-5);
            assertClose(xGrad.get(i).values(), gradCam.get(i).values(), 1e-4);
        }
    }

    @Test
    void layerCamAtLayer4KeepsThePositiveHeadWeights() {
        List<CamMap> maps = maps(new LayerCam(), new CamTarget.Fixed(4), FeatureLayer.LAYER4);
        float[] a = activations(images, N, FeatureLayer.LAYER4);
        for (int i = 0; i < N; i++) {
            double[] alpha = new double[512];
            for (int k = 0; k < 512; k++) {
                alpha[k] = Math.max(0, w[4 * 512 + k]) / 16.0;
            }
            assertClose(maps.get(i).values(), weighted(a, i, alpha), 1e-5);
        }
    }

    @Test
    void gradCamPlusPlusFollowsItsFormulaForAConstantGradient() {
        List<CamMap> maps = maps(new GradCamPlusPlus(), new CamTarget.Fixed(1), FeatureLayer.LAYER4);
        float[] a = activations(images, N, FeatureLayer.LAYER4);
        for (int i = 0; i < N; i++) {
            double[] alpha = new double[512];
            for (int k = 0; k < 512; k++) {
                double g = w[512 + k] / 16.0;
                double s = 0;
                for (int p = 0; p < AREA4; p++) {
                    s += a[(i * 512 + k) * AREA4 + p];
                }
                // 16 equal positions, each a_ij * relu(g).
                double aij = g * g / (2 * g * g + s * g * g * g + 1e-6);
                alpha[k] = g == 0 ? 0 : 16 * aij * Math.max(0, g);
            }
            assertClose(maps.get(i).values(), weighted(a, i, alpha), 1e-4);
        }
    }

    @Test
    void ablationCamAtLayer4WeighsEachChannelByItsShareOfTheScore() {
        List<CamMap> maps = maps(new AblationCam(), new CamTarget.Fixed(6), FeatureLayer.LAYER4);
        float[] a = activations(images, N, FeatureLayer.LAYER4);
        float[] y = logits(images, N);
        for (int i = 0; i < N; i++) {
            double[] alpha = new double[512];
            for (int k = 0; k < 512; k++) {
                double mean = 0;
                for (int p = 0; p < AREA4; p++) {
                    mean += a[(i * 512 + k) * AREA4 + p] / 16.0;
                }
                // Zeroing channel k removes exactly W[c,k] mean(A_k) from the score.
                alpha[k] = w[6 * 512 + k] * mean / y[i * 10 + 6];
            }
            assertClose(maps.get(i).values(), weighted(a, i, alpha), 2e-3);
        }
    }

    @Test
    void scoreCamWeightsAreTheSoftmaxOfTheMaskedImagesScores() {
        float[] image = single(0);
        int target = 5;
        try (NDManager manager = loaded.manager().newSubManager()) {
            CamContext context = new CamContext(RUNTIME, loaded.model(), manager, image, 1, new int[] {target},
                    CamOptions.defaults(64));
            float[] weights = new ScoreCam().channelWeights(context, FeatureLayer.LAYER4);
            double sum = 0;
            for (float v : weights) {
                sum += v;
            }
            assertThat(sum).isCloseTo(1.0, within(1e-4));
            float[] a = activations(image, 1, FeatureLayer.LAYER4);
            int[] channels = {0, 17, 300, 511};
            double[] scores = new double[channels.length];
            for (int j = 0; j < channels.length; j++) {
                float[] channel = new float[AREA4];
                System.arraycopy(a, channels[j] * AREA4, channel, 0, AREA4);
                float[] mask = Heatmaps.upsample(channel, 4, 4, 32, 32);
                float min = Float.MAX_VALUE;
                float max = -Float.MAX_VALUE;
                for (float v : mask) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
                float[] masked = new float[3072];
                for (int c = 0; c < 3; c++) {
                    for (int p = 0; p < 1024; p++) {
                        masked[c * 1024 + p] = image[c * 1024 + p] * (float) ((mask[p] - min) / (max - min + 1e-8));
                    }
                }
                scores[j] = logits(masked, 1)[target];
            }
            for (int j = 1; j < channels.length; j++) {
                assertThat(Math.log(weights[channels[j]] / weights[channels[0]]))
                        .isCloseTo(scores[j] - scores[0], within(1e-3));
            }
        }
    }

    @Test
    void eigenCamIsTheFirstPrincipalComponentOfTheActivations() {
        List<CamMap> maps = maps(new EigenCam(), new CamTarget.Predicted(), FeatureLayer.LAYER3);
        float[] a = activations(images, N, FeatureLayer.LAYER3);
        for (int i = 0; i < N; i++) {
            assertClose(maps.get(i).values(), relu(powerIterationProjection(a, i * 256 * 64, 256, 64)), 1e-3);
        }
        // Gradient-free: the same map whatever the class.
        assertThat(maps(new EigenCam(), new CamTarget.Fixed(0), FeatureLayer.LAYER3).get(0).values())
                .containsExactly(maps.get(0).values());
    }

    @Test
    void eigenGradCamAndEigenSmoothingProjectTheWeightedActivations() {
        float[] a = activations(images, N, FeatureLayer.LAYER3);
        float[] g;
        try (NDManager manager = loaded.manager().newSubManager()) {
            g = new CamContext(RUNTIME, loaded.model(), manager, images, N, new int[] {2, 2, 2}, CamOptions.defaults(64))
                    .gradients(FeatureLayer.LAYER3);
        }
        List<CamMap> eigenGrad = maps(new EigenGradCam(), new CamTarget.Fixed(2), FeatureLayer.LAYER3);
        List<CamMap> smoothed = COMPUTER.compute(loaded, images, N, null, request(new GradCamMethod(),
                new CamTarget.Fixed(2), List.of(FeatureLayer.LAYER3), Set.of(CamRequest.Smoothing.EIGEN),
                CamOptions.defaults(64)));
        for (int i = 0; i < N; i++) {
            float[] product = new float[256 * 64];
            float[] alphaA = new float[256 * 64];
            for (int k = 0; k < 256; k++) {
                double alpha = 0;
                for (int p = 0; p < 64; p++) {
                    alpha += g[(i * 256 + k) * 64 + p] / 64.0;
                }
                for (int p = 0; p < 64; p++) {
                    int at = (i * 256 + k) * 64 + p;
                    product[k * 64 + p] = g[at] * a[at];
                    alphaA[k * 64 + p] = (float) (alpha * a[at]);
                }
            }
            assertClose(eigenGrad.get(i).values(), relu(powerIterationProjection(product, 0, 256, 64)), 1e-3);
            assertClose(smoothed.get(i).values(), relu(powerIterationProjection(alphaA, 0, 256, 64)), 1e-3);
        }
    }

    /** The centred (positions x channels) matrix times its top right singular vector, by power iteration. */
    private static float[] powerIterationProjection(float[] maps, int offset, int channels, int area) {
        double[][] x = new double[area][channels];
        for (int k = 0; k < channels; k++) {
            double mean = 0;
            for (int p = 0; p < area; p++) {
                mean += maps[offset + k * area + p] / area;
            }
            for (int p = 0; p < area; p++) {
                x[p][k] = maps[offset + k * area + p] - mean;
            }
        }
        // Iterate on the positions' Gram matrix X X^T; its top eigenvector u gives X v = s u.
        double[][] gram = new double[area][area];
        for (int p = 0; p < area; p++) {
            for (int q = 0; q < area; q++) {
                double dot = 0;
                for (int k = 0; k < channels; k++) {
                    dot += x[p][k] * x[q][k];
                }
                gram[p][q] = dot;
            }
        }
        double[] u = new double[area];
        java.util.Arrays.fill(u, 1);
        double lambda = 0;
        for (int it = 0; it < 2000; it++) {
            double[] next = new double[area];
            for (int p = 0; p < area; p++) {
                for (int q = 0; q < area; q++) {
                    next[p] += gram[p][q] * u[q];
                }
            }
            double norm = 0;
            for (double v : next) {
                norm += v * v;
            }
            norm = Math.sqrt(norm);
            for (int p = 0; p < area; p++) {
                u[p] = next[p] / norm;
            }
            lambda = norm;
        }
        double agreement = 0;
        float[] projection = new float[area];
        for (int p = 0; p < area; p++) {
            projection[p] = (float) (u[p] * Math.sqrt(lambda));
            double plain = 0;
            for (int k = 0; k < channels; k++) {
                plain += maps[offset + k * area + p];
            }
            agreement += projection[p] * plain;
        }
        if (agreement < 0) {
            for (int p = 0; p < area; p++) {
                projection[p] = -projection[p];
            }
        }
        return projection;
    }

    private static void assertNonNegative(float[] values) {
        for (float v : values) {
            assertThat(v).isGreaterThanOrEqualTo(0f);
        }
    }

    private static float[] relu(float[] values) {
        float[] out = values.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.max(0, out[i]);
        }
        return out;
    }

    @Test
    void integratedGradientsAreCompleteWithinAnErrorThatShrinksWithTheSteps() {
        float[] image = single(1);
        int target = 8;
        for (CamOptions.Baseline baseline : CamOptions.Baseline.values()) {
            float[] start = IntegratedGradients.baseline(image, new CamOptions(2, baseline, 64, Normalization.CIFAR10));
            double difference = logits(image, 1)[target] - logits(start, 1)[target];
            int[] steps = {4, 256};
            double[] errors = new double[steps.length];
            for (int s = 0; s < steps.length; s++) {
                try (NDManager manager = loaded.manager().newSubManager()) {
                    CamContext context = new CamContext(RUNTIME, loaded.model(), manager, image, 1, new int[] {target},
                            new CamOptions(steps[s], baseline, 64, Normalization.CIFAR10));
                    double sum = 0;
                    for (float v : new IntegratedGradients().attributions(context, 0)) {
                        sum += v;
                    }
                    errors[s] = Math.abs(sum - difference);
                }
            }
            // On this random network the error does not fall monotonically with the steps (the path
            // crosses many ReLU kinks), but 256 steps are far closer than 4.
            assertThat(errors[1]).as("%s: 256 steps beat 4 twentyfold (%s)", baseline, java.util.Arrays.toString(errors)).isLessThan(errors[0] / 20);
            assertThat(errors[1]).as("%s: completeness at 256 steps", baseline).isLessThan(2e-3);
        }
        CamMap map = COMPUTER.compute(loaded, image, 1, null, request(new IntegratedGradients(),
                new CamTarget.Fixed(target), List.of(FeatureLayer.LAYER4), Set.of(), CamOptions.defaults(64))).get(0);
        assertThat(map.layer()).isEqualTo("input");
        assertThat(map.width()).isEqualTo(32);
        assertNonNegative(map.values());
    }

    @Test
    void theGradientAtLayer3MatchesFiniteDifferences() {
        int target = 2;
        float[] image = single(0);
        try (NDManager manager = loaded.manager().newSubManager()) {
            float[] gradient = new CamContext(RUNTIME, loaded.model(), manager, image, 1, new int[] {target},
                    CamOptions.defaults(64)).gradients(FeatureLayer.LAYER3);
            float[] base = activations(image, 1, FeatureLayer.LAYER3);
            float eps = 1e-2f;
            for (int e : new int[] {0, 77, 1000, 4321, 9999, 16383}) {
                float[] plus = base.clone();
                float[] minus = base.clone();
                plus[e] += eps;
                minus[e] -= eps;
                double numeric = (scoreFromLayer3(manager, plus, target) - scoreFromLayer3(manager, minus, target))
                        / (2 * eps);
                assertThat((double) gradient[e]).as("dy/dA at %d", e)
                        .isCloseTo(numeric, within(2e-3 + 0.02 * Math.abs(numeric)));
            }
        }
    }

    private static double scoreFromLayer3(NDManager manager, float[] activations, int target) {
        NDArray a = manager.create(activations, new Shape(1, 256, 8, 8));
        return loaded.model().forwardFrom(new ParameterStore(manager, false), a, false, FeatureLayer.LAYER3)
                .singletonOrThrow().get(new NDIndex(0, target)).getFloat();
    }

    @Test
    void severalLayersAverageTheirMinMaxScaledMapsAtTheImagesSize() {
        List<CamMap> three = maps(new GradCamMethod(), new CamTarget.Fixed(0), FeatureLayer.LAYER3);
        List<CamMap> four = maps(new GradCamMethod(), new CamTarget.Fixed(0), FeatureLayer.LAYER4);
        List<CamMap> both = maps(new GradCamMethod(), new CamTarget.Fixed(0), FeatureLayer.LAYER3, FeatureLayer.LAYER4);
        for (int i = 0; i < N; i++) {
            float[] a = Heatmaps.upsample(minMax(three.get(i).values()), 8, 8, 32, 32);
            float[] b = Heatmaps.upsample(minMax(four.get(i).values()), 4, 4, 32, 32);
            float[] expected = new float[1024];
            for (int p = 0; p < 1024; p++) {
                expected[p] = (a[p] + b[p]) / 2;
            }
            assertThat(both.get(i).layer()).isEqualTo("layer3,layer4");
            assertThat(both.get(i).width()).isEqualTo(32);
            assertClose(both.get(i).values(), expected, 1e-4);
        }
    }

    private static float[] minMax(float[] map) {
        float min = Float.MAX_VALUE;
        float max = 0;
        for (float v : map) {
            min = Math.min(min, v);
        }
        float[] out = new float[map.length];
        for (int p = 0; p < map.length; p++) {
            out[p] = map[p] - min;
            max = Math.max(max, out[p]);
        }
        for (int p = 0; p < map.length; p++) {
            out[p] /= max + 1e-7f;
        }
        return out;
    }

    @Test
    void augmentationSmoothingOfAMirrorSymmetricImageIsMirrorSymmetric() {
        float[] symmetric = single(2);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 16; x++) {
                    symmetric[c * 1024 + y * 32 + 31 - x] = symmetric[c * 1024 + y * 32 + x];
                }
            }
        }
        for (CamMethod method : List.of(new GradCamMethod(), new LayerCam())) {
            CamMap map = COMPUTER.compute(loaded, symmetric, 1, null, request(method, new CamTarget.Predicted(),
                    List.of(FeatureLayer.LAYER3), Set.of(CamRequest.Smoothing.AUG), CamOptions.defaults(64))).get(0);
            assertThat(map.width()).isEqualTo(32);
            assertThat(map.smoothing()).isEqualTo("aug");
            float max = 0;
            for (float v : map.values()) {
                max = Math.max(max, v);
            }
            assertThat(max).as("%s: a map at all", method.id()).isGreaterThan(0f);
            for (int y = 0; y < 32; y++) {
                for (int x = 0; x < 16; x++) {
                    assertThat(map.values()[y * 32 + 31 - x]).as("%s at (%d,%d)", method.id(), x, y)
                            .isCloseTo(map.values()[y * 32 + x], within(1e-4f * max));
                }
            }
        }
    }

    @Test
    void alignBackUndoesTheFlipAndTheShift() {
        float[] map = new float[1024];
        for (int p = 0; p < map.length; p++) {
            map[p] = p;
        }
        for (boolean flip : new boolean[] {false, true}) {
            for (int[] shift : CamComputer.SHIFTS) {
                float[] moved = new float[1024];
                CamComputer.transform(map, 0, moved, 0, 1, flip, shift);
                float[] back = CamComputer.alignBack(moved, flip, shift);
                for (int y = 2; y < 30; y++) {
                    for (int x = 2; x < 30; x++) {
                        assertThat(back[y * 32 + x]).isEqualTo(map[y * 32 + x]);
                    }
                }
            }
        }
        float[] flipped = new float[1024];
        CamComputer.transform(map, 0, flipped, 0, 1, true, new int[] {0, 0});
        assertThat(flipped[5 * 32]).isEqualTo(map[5 * 32 + 31]);
        float[] shifted = new float[1024];
        CamComputer.transform(map, 0, shifted, 0, 1, false, new int[] {2, 0});
        assertThat(shifted[5 * 32 + 7]).isEqualTo(map[5 * 32 + 5]);
        assertThat(shifted[5 * 32]).isZero();
    }

    /** A new method is one class: registered, it is parsed, computed and named like the others. */
    @Test
    void aNewMethodIsOneClassAndItsRegistration() {
        CamMethod center = new ChannelWeightCam() {
            @Override
            public String id() {
                return "uniform";
            }

            @Override
            public String description() {
                return "every channel weighs 1";
            }

            @Override
            protected float[] channelWeights(CamContext context, FeatureLayer layer) {
                float[] ones = new float[context.size() * layer.channels()];
                java.util.Arrays.fill(ones, 1f);
                return ones;
            }
        };
        CamMethods registry = new CamMethods(List.of(center, new GradCamMethod()));
        assertThat(registry.ids()).containsExactly("gradcam", "uniform");
        CamRequest request = new CamRequests(registry, new ExplainProperties(64, 1, 1, java.time.Duration.ZERO, 1, 256))
                .parse(new CamQuery("uniform", "layer4", null, null, null, null), List.of("a", "b", "c", "d", "e", "f",
                        "g", "h", "i", "j"), Normalization.CIFAR10);
        CamMap map = COMPUTER.compute(loaded, images, N, null, request).get(0);
        assertThat(map.method()).isEqualTo("uniform");
        float[] a = activations(images, N, FeatureLayer.LAYER4);
        double[] ones = new double[512];
        java.util.Arrays.fill(ones, 1);
        assertClose(map.values(), weighted(a, 0, ones), 1e-5);
    }

    /** Gradient-free methods never wait for the gradient lock, even below layer4. */
    @Test
    void gradientFreeMethodsRunWhileTrainingHoldsTheGradientLock() throws Exception {
        java.util.concurrent.CountDownLatch holding = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        Thread training = new Thread(() -> {
            try (DjlRuntime.GradientSession s = RUNTIME.collectGradients()) {
                holding.countDown();
                release.await(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        training.start();
        try {
            assertThat(holding.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            var done = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                RUNTIME.inferenceMode();
                return maps(new EigenCam(), new CamTarget.Predicted(), FeatureLayer.LAYER3).size()
                        + maps(new AblationCam(), new CamTarget.Predicted(), FeatureLayer.LAYER2).size();
            });
            assertThat(done.get(60, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(2 * N);
        } finally {
            release.countDown();
            training.join();
        }
    }

    @Test
    void everyMethodGivesABatchedMapEqualToTheSingleImageMap() {
        for (CamMethod method : List.of(new GradCamMethod(), new GradCamPlusPlus(), new XGradCam(), new HiResCam(),
                new LayerCam(), new EigenCam(), new EigenGradCam(), new AblationCam())) {
            List<CamMap> batch = maps(method, new CamTarget.Predicted(), FeatureLayer.LAYER3);
            CamMap one = COMPUTER.compute(loaded, single(1), 1, null, request(method, new CamTarget.Predicted(),
                    List.of(FeatureLayer.LAYER3), Set.of(), CamOptions.defaults(64))).get(0);
            assertThat(one.width()).as(method.id()).isEqualTo(8);
            assertThat(batch.get(1).targetClass()).isEqualTo(one.targetClass());
            assertClose(batch.get(1).values(), one.values(), 1e-3);
            assertNonNegative(one.values());
        }
    }
}
