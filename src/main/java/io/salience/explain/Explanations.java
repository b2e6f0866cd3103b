package io.salience.explain;

import io.salience.charts.ConfusionMatrixChart;
import io.salience.checkpoints.Checkpoint;
import io.salience.checkpoints.CheckpointService;
import io.salience.checkpoints.Misclassification;
import io.salience.data.ImagePng;
import io.salience.data.ImageSplit;
import io.salience.data.Images;
import io.salience.data.Normalization;
import io.salience.data.augment.EvalTransform;
import io.salience.errors.InvalidInputException;
import io.salience.errors.NotFoundException;
import io.salience.jobs.CheckpointScope;
import io.salience.jobs.MistakeRecorder;
import io.salience.model.FeatureLayer;
import io.salience.serving.Inference;
import io.salience.serving.ModelCache;
import io.salience.training.Evaluator;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * What a checkpoint predicts and why: predictions, misclassified images and their grid, Grad-CAM
 * maps, overlays and grids, and the confusion matrix. Pictures come back as images; the
 * controllers encode them.
 */
@Service
public class Explanations {

    public static final int MAX_GRID = 100;

    private final MistakeRecorder recorder;
    private final CheckpointService checkpoints;
    private final ModelCache models;
    private final Inference inference;
    private final GradCam gradCam;
    private final MeterRegistry meters;
    private final Timer predictionLatency;

    public Explanations(MistakeRecorder recorder, CheckpointService checkpoints, ModelCache models, Inference inference,
            GradCam gradCam, MeterRegistry meters) {
        this.recorder = recorder;
        this.checkpoints = checkpoints;
        this.models = models;
        this.inference = inference;
        this.gradCam = gradCam;
        this.meters = meters;
        this.predictionLatency = Timer.builder("salience.prediction.latency")
                .description("model forward pass of a prediction request").register(meters);
    }

    private Timer gradCamLatency(FeatureLayer layer, int images) {
        return Timer.builder("salience.gradcam.latency").tag("layer", layer.id()).tag("batch", images == 1 ? "1" : "grid")
                .description("Grad-CAM computation (forward, gradient, map)").register(meters);
    }

    /** One class with its softmax probability. */
    public record ClassProbability(int classIndex, String label, double probability) {}

    /** The top classes, most probable first; for a test image also its id and true class. */
    public record Predictions(Integer imageId, Integer trueClass, String trueLabel, List<ClassProbability> predictions) {}

    /** A grid picture and the test image ids of its tiles, in order. */
    public record Grid(BufferedImage image, List<Integer> imageIds) {}

    /** A Grad-CAM map with what it explains, as the JSON endpoint returns it. */
    public record CamView(long checkpointId, Integer imageId, String layer, int targetClass, String targetLabel,
            int width, int height, float[] values, Predictions prediction) {}

    public Predictions predictUpload(long checkpointId, BufferedImage image, int k) {
        CheckpointScope scope = recorder.scope(checkpointId);
        float[] input = normalize(Images.toPlanar32(image), 0, scope.dataset().normalization());
        return predict(scope, input, null, null, k);
    }

    public Predictions predictTestImage(long checkpointId, int imageId, int k) {
        CheckpointScope scope = recorder.scope(checkpointId);
        ImageSplit test = scope.dataset().test();
        test.checkIndex(imageId);
        float[] input = normalize(test.pixels(), imageId * ImageSplit.IMAGE_BYTES, scope.dataset().normalization());
        return predict(scope, input, imageId, test.label(imageId), k);
    }

    private Predictions predict(CheckpointScope scope, float[] input, Integer imageId, Integer trueClass, int k) {
        List<String> labels = scope.labels();
        checkK(k, labels.size());
        float[] logits;
        try (ModelCache.Lease lease = models.acquire(scope.checkpoint())) {
            logits = predictionLatency.record(() -> inference.logits(lease.model(), input, 1));
        }
        return predictions(Evaluator.softmax(logits, 0, labels.size()), labels, imageId, trueClass, k);
    }

    private static Predictions predictions(double[] p, List<String> labels, Integer imageId, Integer trueClass, int k) {
        List<ClassProbability> all = new ArrayList<>();
        for (int c = 0; c < p.length; c++) {
            all.add(new ClassProbability(c, labels.get(c), p[c]));
        }
        all.sort(Comparator.comparingDouble(ClassProbability::probability).reversed());
        return new Predictions(imageId, trueClass, trueClass == null ? null : labels.get(trueClass),
                List.copyOf(all.subList(0, Math.min(k, all.size()))));
    }

    private static void checkK(int k, int classes) {
        if (k < 1 || k > classes) {
            throw new InvalidInputException("k must be between 1 and " + classes + ", not " + k);
        }
    }

    /** Grad-CAM for one test image. */
    public CamView gradCam(long checkpointId, int imageId, String layer, String target) {
        CheckpointScope scope = recorder.scope(checkpointId);
        CamMap map = camOfTestImage(scope, imageId, layer, target);
        return view(scope, imageId, scope.dataset().test().label(imageId), map);
    }

    /** The heatmap of a test image blended over it, both {@code scale} times larger. */
    public BufferedImage gradCamOverlay(long checkpointId, int imageId, String layer, String target, double alpha,
            int scale) {
        checkAlpha(alpha);
        CheckpointScope scope = recorder.scope(checkpointId);
        CamMap map = camOfTestImage(scope, imageId, layer, target);
        return overlay(scope.dataset().test().toImage(imageId), map, alpha, scale);
    }

    /** The heatmap of an uploaded image (no true class: target=true is refused) blended over it. */
    public BufferedImage gradCamUploadOverlay(long checkpointId, BufferedImage image, String layer, String target,
            double alpha, int scale) {
        checkAlpha(alpha);
        CheckpointScope scope = recorder.scope(checkpointId);
        FeatureLayer featureLayer = FeatureLayer.parse(layer);
        CamTarget camTarget = CamTarget.parse(target, scope.labels());
        BufferedImage rgb32 = Images.toRgb32(image);
        float[] input = normalize(Images.toPlanar32(rgb32), 0, scope.dataset().normalization());
        CamMap map;
        try (ModelCache.Lease lease = models.acquire(scope.checkpoint())) {
            map = gradCamLatency(featureLayer, 1).record(() ->
                    gradCam.compute(lease.model(), input, 1, new Integer[] {null}, featureLayer, camTarget).get(0));
        }
        return overlay(rgb32, map, alpha, scale);
    }

    private CamMap camOfTestImage(CheckpointScope scope, int imageId, String layer, String target) {
        scope.dataset().test().checkIndex(imageId);
        return camOfTestImages(scope, new int[] {imageId}, FeatureLayer.parse(layer),
                CamTarget.parse(target, scope.labels())).get(0);
    }

    private CamView view(CheckpointScope scope, Integer imageId, Integer trueClass, CamMap map) {
        List<String> labels = scope.labels();
        return new CamView(scope.checkpoint().getId(), imageId, map.layer().id(), map.targetClass(),
                labels.get(map.targetClass()), map.width(), map.height(), map.values(),
                predictions(map.probabilities(), labels, imageId, trueClass, Math.min(3, labels.size())));
    }

    /** The map over the 32x32 image, both {@code scale} times larger. */
    private static BufferedImage overlay(BufferedImage image32, CamMap map, double alpha, int scale) {
        return Heatmaps.overlay(ImagePng.upscale(image32, scale), map.scaled(ImageSplit.SIDE * scale), alpha);
    }

    /** A misclassified test image; 404 when the checkpoint classifies it correctly. */
    public BufferedImage misclassifiedImage(long checkpointId, int imageId, int scale) {
        CheckpointScope scope = recorder.ensureRecorded(checkpointId);
        scope.dataset().test().checkIndex(imageId);
        if (!checkpoints.isMisclassified(checkpointId, imageId)) {
            throw new NotFoundException("checkpoint " + checkpointId + " classifies test image " + imageId
                    + " correctly" + (imageId >= scope.evaluatedTest().size() ? " or did not evaluate it" : ""));
        }
        return ImagePng.upscale(scope.dataset().test().toImage(imageId), scale);
    }

    /** The first {@code limit} misclassified images, in the order of the misclassified list, captioned. */
    public Grid misclassifiedGrid(long checkpointId, int limit, int scale) {
        CheckpointScope scope = recorder.ensureRecorded(checkpointId);
        List<Misclassification> shown = firstMistakes(checkpointId, limit);
        List<ImageGrid.Tile> tiles = new ArrayList<>();
        for (Misclassification m : shown) {
            tiles.add(new ImageGrid.Tile(List.of(ImagePng.upscale(scope.dataset().test().toImage(m.getImageId()), scale)),
                    caption(scope, m)));
        }
        return new Grid(ImageGrid.render(title(scope, "", shown.size()), tiles, 5),
                ids(shown));
    }

    /** Grad-CAM on the same images, in the same order, as {@link #misclassifiedGrid}: one batched pass. */
    public Grid gradCamGrid(long checkpointId, int limit, String layer, String target, double alpha, int scale) {
        checkAlpha(alpha);
        CheckpointScope scope = recorder.ensureRecorded(checkpointId);
        FeatureLayer featureLayer = FeatureLayer.parse(layer);
        CamTarget camTarget = CamTarget.parse(target, scope.labels());
        List<Misclassification> shown = firstMistakes(checkpointId, limit);
        int[] ids = shown.stream().mapToInt(Misclassification::getImageId).toArray();
        List<CamMap> maps = ids.length == 0 ? List.of() : camOfTestImages(scope, ids, featureLayer, camTarget);
        List<ImageGrid.Tile> tiles = new ArrayList<>();
        int size = ImageSplit.SIDE * scale;
        for (int i = 0; i < shown.size(); i++) {
            BufferedImage image = ImagePng.upscale(scope.dataset().test().toImage(ids[i]), scale);
            List<String> caption = new ArrayList<>(caption(scope, shown.get(i)));
            caption.add("CAM for: " + scope.labels().get(maps.get(i).targetClass()));
            tiles.add(new ImageGrid.Tile(List.of(image, Heatmaps.overlay(image, maps.get(i).scaled(size), alpha)),
                    caption));
        }
        return new Grid(ImageGrid.render(title(scope, "Grad-CAM (" + featureLayer.id() + ") on ", shown.size()), tiles,
                5), ids(shown));
    }

    private List<CamMap> camOfTestImages(CheckpointScope scope, int[] ids, FeatureLayer layer, CamTarget target) {
        ImageSplit test = scope.dataset().test();
        Normalization normalization = scope.dataset().normalization();
        float[] input = new float[ids.length * ImageSplit.IMAGE_BYTES];
        Integer[] trueClasses = new Integer[ids.length];
        EvalTransform transform = new EvalTransform(normalization);
        for (int i = 0; i < ids.length; i++) {
            transform.apply(test.pixels(), ids[i] * ImageSplit.IMAGE_BYTES, input, i * ImageSplit.IMAGE_BYTES, null);
            trueClasses[i] = test.label(ids[i]);
        }
        try (ModelCache.Lease lease = models.acquire(scope.checkpoint())) {
            return gradCamLatency(layer, ids.length).record(() ->
                    gradCam.compute(lease.model(), input, ids.length, trueClasses, layer, target));
        }
    }

    public ConfusionMatrix confusionMatrix(long checkpointId) {
        return confusionMatrix(recorder.ensureRecorded(checkpointId));
    }

    private ConfusionMatrix confusionMatrix(CheckpointScope scope) {
        long id = scope.checkpoint().getId();
        return ConfusionMatrix.of(scope.labels(), scope.evaluatedTest(), checkpoints.allMistakes(id));
    }

    public BufferedImage confusionMatrixImage(long checkpointId) {
        CheckpointScope scope = recorder.ensureRecorded(checkpointId);
        ConfusionMatrix matrix = confusionMatrix(scope);
        Checkpoint c = scope.checkpoint();
        String title = String.format("Checkpoint %d (job %d, %s, epoch %d): accuracy %.2f%% on %d test images",
                c.getId(), c.getJobId(), c.getKind(), c.getEpoch(), 100 * matrix.accuracy(), matrix.total());
        return ConfusionMatrixChart.render(title, matrix.labels(), matrix.counts());
    }

    private List<Misclassification> firstMistakes(long checkpointId, int limit) {
        if (limit < 1 || limit > MAX_GRID) {
            throw new InvalidInputException("limit must be between 1 and " + MAX_GRID + ", not " + limit);
        }
        return checkpoints.mistakes(checkpointId, null, null, 0, limit).getContent();
    }

    private static List<Integer> ids(List<Misclassification> shown) {
        return shown.stream().map(Misclassification::getImageId).toList();
    }

    private static List<String> caption(CheckpointScope scope, Misclassification m) {
        List<String> labels = scope.labels();
        return List.of("#" + m.getImageId() + " true: " + labels.get(m.getTrueClass()),
                String.format("pred: %s (%.0f%%)", labels.get(m.getPredictedClass()), 100 * m.getConfidence()));
    }

    private static String title(CheckpointScope scope, String prefix, int shown) {
        Checkpoint c = scope.checkpoint();
        return String.format("Checkpoint %d (job %d, %s, epoch %d): %sthe %d most confident of %d misclassified test images",
                c.getId(), c.getJobId(), c.getKind(), c.getEpoch(), prefix, shown, c.getMisclassifiedCount());
    }

    private static float[] normalize(byte[] pixels, int offset, Normalization normalization) {
        float[] out = new float[ImageSplit.IMAGE_BYTES];
        new EvalTransform(normalization).apply(pixels, offset, out, 0, null);
        return out;
    }

    private static void checkAlpha(double alpha) {
        if (!(alpha >= 0 && alpha <= 1)) {
            throw new InvalidInputException("alpha must be between 0 and 1, not " + alpha);
        }
    }
}
