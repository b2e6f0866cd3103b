package io.salience.training;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.salience.TestEngine;
import io.salience.data.augment.AugmentationSettings;
import io.salience.engine.DjlRuntime;
import io.salience.explain.cam.CamComputer;
import io.salience.explain.cam.CamMap;
import io.salience.explain.cam.CamOptions;
import io.salience.explain.cam.CamRequest;
import io.salience.explain.cam.CamTarget;
import io.salience.explain.cam.GradCamMethod;
import io.salience.model.CifarResNet;
import io.salience.model.FeatureLayer;
import io.salience.model.ModelFactory;
import io.salience.serving.LoadedModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The model, the loss, the optimizer and Grad-CAM against PyTorch's own numbers for this model
 * (src/test/resources/golden, copied from the project's shared golden file; its README gives the
 * formulas). Weights and inputs come from closed-form formulas, so both frameworks start from the
 * same point.
 *
 * <p>Tolerances: PyTorch's float32 and float64 runs of the same computation differ by the amount the
 * file reports per quantity; two float32 implementations that sum in different orders cannot agree
 * more closely than a small multiple of that. Each check allows {@value #ROUNDING_FACTOR} times the
 * reported difference. A failure means a real difference in the model, loss, optimizer or Grad-CAM.
 */
class PyTorchEquivalenceTest {

    /** How many times PyTorch's own float32-vs-float64 difference a value may be off. */
    static final double ROUNDING_FACTOR = 5;
    private static final int BATCH = 16;
    private static final int CLASSES = 10;

    private static JsonNode golden;
    private final DjlRuntime runtime = TestEngine.runtime();

    @BeforeAll
    static void readGolden() throws IOException {
        try (InputStream in = PyTorchEquivalenceTest.class.getResourceAsStream("/golden/resnet18-ln-golden.json")) {
            golden = JsonMapper.builder().build().readTree(in);
        }
    }

    @Test
    void defaultInitializationGivesPyTorchsLogitsLossAndGradCam() {
        JsonNode g = golden.get("default");
        try (NDManager manager = runtime.newManager()) {
            CifarResNet model = formulaModel(manager, g, false);
            float[] logits = logits(model, manager, batch(0));
            assertClose("init_logits_batch0", logits, flat(g.get("init_logits_batch0")), g);
            double loss = crossEntropy(logits, labels(0));
            assertThat(loss).as("initial_loss_batch0")
                    .isCloseTo(g.get("initial_loss_batch0").doubleValue(), org.assertj.core.data.Offset.offset(
                            ROUNDING_FACTOR * tolerance(g, "init_logits_batch0")));
            assertClose("init_gradcam_layer4", gradCam(model, manager, FeatureLayer.LAYER4),
                    flat(g.get("init_gradcam_layer4")), g);
        }
    }

    @Test
    void zeroInitResidualMatchesPyTorchBeforeDuringAndAfterFourAdamSteps() {
        JsonNode g = golden.get("zero_init_residual");
        try (NDManager manager = runtime.newManager()) {
            // Grad-CAM's backward pass must not leave gradients in the model that is trained below.
            CifarResNet initial = formulaModel(manager, g, true);
            assertClose("init_logits_batch0", logits(initial, manager, batch(0)), flat(g.get("init_logits_batch0")), g);
            assertClose("init_gradcam_layer4", gradCam(initial, manager, FeatureLayer.LAYER4),
                    flat(g.get("init_gradcam_layer4")), g);
            assertClose("init_gradcam_layer3", gradCam(initial, manager, FeatureLayer.LAYER3),
                    flat(g.get("init_gradcam_layer3")), g);

            CifarResNet model = formulaModel(manager, g, true);
            TrainingSettings settings = new TrainingSettings("golden", 1, BATCH, 0.001, 1e-4, 1, null, null,
                    AugmentationSettings.NONE, ReduceLrOnPlateau.Settings.DEFAULTS, "reference", null, 0, 0, null);
            double[] losses = new double[4];
            double[] norms = new double[4];
            try (AdamOptimizer adam = new AdamOptimizer(manager, CheckpointFiles.trainableParameters(model), 1e-4)) {
                TrainingStep step = new TrainingStep(runtime, model, adam, settings);
                for (int b = 0; b < 4; b++) {
                    try (NDManager batchManager = manager.newSubManager()) {
                        NDArray images = batchManager.create(FloatBuffer.wrap(batch(b)), new Shape(BATCH, 3, 32, 32));
                        TrainingStep.Result result = step.run(batchManager, images, batchManager.create(labels(b)), 0.001, true);
                        losses[b] = result.loss();
                        norms[b] = result.gradientNorm();
                    }
                }
            }
            assertClose("step_losses", losses, doubles(g.get("step_losses")), g);
            assertClose("step_grad_norms", norms, doubles(g.get("step_grad_norms")), g);
            assertClose("final_logits_batch0", logits(model, manager, batch(0)), flat(g.get("final_logits_batch0")), g);
            assertClose("final_gradcam_layer4", gradCam(model, manager, FeatureLayer.LAYER4),
                    flat(g.get("final_gradcam_layer4")), g);
            assertClose("final_gradcam_layer3", gradCam(model, manager, FeatureLayer.LAYER3),
                    flat(g.get("final_gradcam_layer3")), g);
        }
    }

    /** The model with every parameter set by the golden formula, in the file's parameter order. */
    private static CifarResNet formulaModel(NDManager manager, JsonNode variant, boolean zeroInit) {
        CifarResNet model = ModelFactory.allocate(manager, CLASSES);
        List<Pair<String, Parameter>> parameters = model.getParameters().stream().toList();
        JsonNode order = variant.get("order");
        assertThat(parameters).hasSize(order.size());
        for (int t = 0; t < order.size(); t++) {
            JsonNode entry = order.get(t);
            NDArray array = parameters.get(t).getValue().getArray();
            long[] shape = new long[entry.get("shape").size()];
            for (int d = 0; d < shape.length; d++) {
                shape[d] = entry.get("shape").get(d).longValue();
            }
            assertThat(array.getShape()).as("shape of %s (%s)", entry.get("name").stringValue(),
                    parameters.get(t).getKey()).isEqualTo(new Shape(shape));
            array.set(formula(entry, t, array.getShape()));
        }
        if (zeroInit) {
            model.zeroInitResidual();
        }
        return model;
    }

    private static float[] formula(JsonNode entry, int t, Shape shape) {
        String kind = entry.get("kind").stringValue();
        float[] values = new float[Math.toIntExact(shape.size())];
        double fanIn = shape.dimension() > 1 ? (double) shape.size() / shape.get(0) : 1;
        for (int i = 0; i < values.length; i++) {
            double s = Math.sin(0.5 + 0.731 * i + 1.37 * t);
            values[i] = (float) switch (kind) {
                case "weight" -> s / Math.sqrt(fanIn);
                case "linear-bias" -> 0.05 * s;
                case "norm-weight" -> 1 + 0.1 * s;
                case "norm-bias" -> 0.1 * s;
                default -> throw new IllegalStateException("unknown parameter kind " + kind);
            };
        }
        return values;
    }

    private static float[] batch(int b) {
        float[] x = new float[BATCH * 3 * 32 * 32];
        for (int j = 0; j < x.length; j++) {
            x[j] = (float) (1.5 * Math.sin(0.3 + 0.017 * j + 2.1 * b));
        }
        return x;
    }

    private static int[] labels(int b) {
        int[] y = new int[BATCH];
        for (int n = 0; n < BATCH; n++) {
            y[n] = (3 * n + b) % 10;
        }
        return y;
    }

    private float[] logits(CifarResNet model, NDManager parent, float[] images) {
        runtime.inferenceMode();
        try (NDManager manager = parent.newSubManager()) {
            NDArray x = manager.create(FloatBuffer.wrap(images), new Shape(BATCH, 3, 32, 32));
            return model.forward(new ParameterStore(manager, false), new NDList(x), false).singletonOrThrow()
                    .toFloatArray();
        }
    }

    /** Raw maps (no upsampling, no scaling) of images 0-3 of batch 0 for their labels. */
    private float[] gradCam(CifarResNet model, NDManager manager, FeatureLayer layer) {
        float[] images = new float[4 * 3 * 32 * 32];
        System.arraycopy(batch(0), 0, images, 0, images.length);
        int[] labels = labels(0);
        Integer[] trueClasses = {labels[0], labels[1], labels[2], labels[3]};
        CamRequest request = new CamRequest(new GradCamMethod(), List.of(layer), new CamTarget.True(), Set.of(),
                CamOptions.defaults(64));
        List<CamMap> maps = TestEngine.camComputer().compute(new LoadedModel(0, model, manager), images, 4, trueClasses,
                request);
        float[] out = new float[maps.stream().mapToInt(m -> m.values().length).sum()];
        int at = 0;
        for (CamMap map : maps) {
            System.arraycopy(map.values(), 0, out, at, map.values().length);
            at += map.values().length;
        }
        return out;
    }

    private static double crossEntropy(float[] logits, int[] labels) {
        double sum = 0;
        for (int n = 0; n < labels.length; n++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < CLASSES; k++) {
                max = Math.max(max, logits[n * CLASSES + k]);
            }
            double z = 0;
            for (int k = 0; k < CLASSES; k++) {
                z += Math.exp(logits[n * CLASSES + k] - max);
            }
            sum += Math.log(z) + max - logits[n * CLASSES + labels[n]];
        }
        return sum / labels.length;
    }

    private static double tolerance(JsonNode variant, String quantity) {
        return variant.get("float32_vs_float64").get(quantity).get("max_abs_diff_f32_vs_f64").doubleValue();
    }

    private static void assertClose(String quantity, float[] actual, double[] expected, JsonNode variant) {
        double[] a = new double[actual.length];
        for (int i = 0; i < a.length; i++) {
            a[i] = actual[i];
        }
        assertClose(quantity, a, expected, variant);
    }

    private static void assertClose(String quantity, double[] actual, double[] expected, JsonNode variant) {
        assertThat(actual).as(quantity).hasSameSizeAs(expected);
        double allowed = ROUNDING_FACTOR * tolerance(variant, quantity);
        double worst = 0;
        int worstAt = -1;
        for (int i = 0; i < actual.length; i++) {
            double gap = Math.abs(actual[i] - expected[i]);
            if (!(gap <= worst)) {
                worst = gap;
                worstAt = i;
            }
        }
        System.out.printf("golden %-22s largest gap %.3e (allowed %.3e, PyTorch f32-vs-f64 %.3e)%n", quantity, worst,
                allowed, tolerance(variant, quantity));
        assertThat(worst).as("%s: largest gap at index %d (%s vs PyTorch %s)", quantity, worstAt,
                worstAt < 0 ? "-" : actual[worstAt], worstAt < 0 ? "-" : expected[worstAt]).isLessThanOrEqualTo(allowed);
    }

    private static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).doubleValue();
        }
        return out;
    }

    /** Flattens nested arrays row-major. */
    private static double[] flat(JsonNode nested) {
        List<Double> values = new ArrayList<>();
        collect(nested, values);
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static void collect(JsonNode node, List<Double> into) {
        if (node.isArray()) {
            for (JsonNode child : node) {
                collect(child, into);
            }
        } else {
            into.add(node.doubleValue());
        }
    }
}
