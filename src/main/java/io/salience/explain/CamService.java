package io.salience.explain;

import io.salience.data.ImagePng;
import io.salience.data.ImageSplit;
import io.salience.data.Images;
import io.salience.errors.InvalidInputException;
import io.salience.explain.cam.CamComputer;
import io.salience.explain.cam.CamMap;
import io.salience.explain.cam.CamQuery;
import io.salience.explain.cam.CamRequest;
import io.salience.explain.cam.CamRequests;
import io.salience.explain.cam.GradCamMethod;
import io.salience.explain.cam.Heatmaps;
import io.salience.jobs.CheckpointScope;
import io.salience.jobs.MistakeRecorder;
import io.salience.serving.ModelCache;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * Class-activation maps of a checkpoint, for any registered method: raw maps, overlays on test
 * images and uploads, and the grid over the images of the misclassified grid, in its order.
 */
@Service
public class CamService {

    private final MistakeRecorder recorder;
    private final MistakeGallery gallery;
    private final ModelCache models;
    private final CamComputer computer;
    private final CamRequests requests;
    private final ExplanationWork work;
    private final MeterRegistry meters;

    public CamService(MistakeRecorder recorder, MistakeGallery gallery, ModelCache models, CamComputer computer,
            CamRequests requests, ExplanationWork work, MeterRegistry meters) {
        this.recorder = recorder;
        this.gallery = gallery;
        this.models = models;
        this.computer = computer;
        this.requests = requests;
        this.work = work;
        this.meters = meters;
    }

    /** The checked request for a checkpoint's labels and normalization. */
    CamRequest parse(CheckpointScope scope, CamQuery query) {
        return parse(scope, query, List.of());
    }

    /** As above, naming the request's other bad parameters in the same 400. */
    CamRequest parse(CheckpointScope scope, CamQuery query, List<InvalidInputException.FieldProblem> earlier) {
        return requests.parse(query, scope.labels(), scope.dataset().normalization(), earlier);
    }

    /** A key naming a result: what it is, the checkpoint's version, the request, and the rest. */
    static String key(String what, CheckpointScope scope, CamRequest request, Object... rest) {
        var c = scope.checkpoint();
        StringBuilder key = new StringBuilder(what).append('|').append(c.getId()).append(':').append(c.getEpoch())
                .append(':').append(c.getCreatedAt()).append('|').append(request.key());
        for (Object o : rest) {
            key.append('|').append(o);
        }
        return key.toString();
    }

    /** The raw map of one test image. */
    public CamView cam(long checkpointId, int imageId, CamQuery query) {
        CheckpointScope scope = recorder.scope(checkpointId);
        CamRequest request = parse(scope, query);
        scope.dataset().test().checkIndex(imageId);
        return lane(request, key("json", scope, request, imageId), () -> {
            CamMap map = ofTestImages(scope, new int[] {imageId}, request).get(0);
            return view(scope, imageId, scope.dataset().test().label(imageId), map);
        });
    }

    /** The heatmap of a test image blended over it, both {@code scale} times larger. */
    public BufferedImage overlay(long checkpointId, int imageId, CamQuery query, double alpha, int scale) {
        CheckpointScope scope = recorder.scope(checkpointId);
        CamRequest request = parse(scope, query, Drawing.problems(alpha, scale, null));
        scope.dataset().test().checkIndex(imageId);
        return lane(request, key("overlay", scope, request, imageId, alpha, scale), () -> {
            CamMap map = ofTestImages(scope, new int[] {imageId}, request).get(0);
            return overlay(scope.dataset().test().toImage(imageId), map, alpha, scale);
        });
    }

    /** The heatmap of an uploaded image (no true class: target=true is refused) blended over it. */
    public BufferedImage uploadOverlay(long checkpointId, BufferedImage image, CamQuery query, double alpha, int scale) {
        CheckpointScope scope = recorder.scope(checkpointId);
        CamRequest request = parse(scope, query, Drawing.problems(alpha, scale, null));
        BufferedImage rgb32 = Images.toRgb32(image);
        float[] input = TestImages.normalized(scope, rgb32);
        return lane(request, key("upload", scope, request, TestImages.digest(input), alpha, scale), () -> {
            CamMap map = compute(scope, input, 1, new Integer[] {null}, request).get(0);
            return overlay(rgb32, map, alpha, scale);
        });
    }

    /**
     * Runs one image's explanation: a one-pass request on the calling thread, its pass shared with
     * concurrent requests in the micro-batcher (whose queue is bounded), anything else on the
     * explanation executor.
     */
    private <T> T lane(CamRequest request, String key, java.util.function.Supplier<T> explanation) {
        return request.onePass() ? work.awaitShared(key, explanation) : work.await(key, explanation);
    }

    /** Maps on the same images, in the same order, as the misclassified grid: batched passes. */
    public Grid grid(long checkpointId, int limit, CamQuery query, double alpha, int scale) {
        CheckpointScope scope = recorder.scope(checkpointId);
        CamRequest request = parse(scope, query, Drawing.problems(alpha, scale, limit, 2));
        return work.await(key("grid", scope, request, limit, alpha, scale),
                () -> grid(gallery.first(checkpointId, limit), request, alpha, scale));
    }

    private Grid grid(MistakeGallery.Shown shown, CamRequest request, double alpha, int scale) {
        CheckpointScope scope = shown.scope();
        int[] ids = shown.imageIds();
        List<CamMap> maps = ids.length == 0 ? List.of() : ofTestImages(scope, ids, request);
        List<ImageGrid.Tile> tiles = new ArrayList<>();
        int size = ImageSplit.SIDE * scale;
        for (int i = 0; i < ids.length; i++) {
            BufferedImage image = ImagePng.upscale(scope.dataset().test().toImage(ids[i]), scale);
            List<String> caption = new ArrayList<>(shown.caption(i));
            caption.add("CAM for: " + scope.labels().get(maps.get(i).targetClass()));
            tiles.add(new ImageGrid.Tile(List.of(image, Heatmaps.overlay(image, maps.get(i).scaled(size), alpha)),
                    caption));
        }
        return new Grid(ImageGrid.render(shown.title(describe(request) + " on "), tiles, 5), MistakeGallery.boxed(ids));
    }

    /** A method's name as titles show it, with its layers and smoothing. */
    static String describe(CamRequest request) {
        String name = request.method().id().equals(GradCamMethod.ID) ? "Grad-CAM" : request.method().id();
        String smoothing = request.smoothing().isEmpty() ? "" : ", smooth=" + request.smoothingName();
        return name + " (" + request.layerName() + smoothing + ")";
    }

    /** Maps of test images, computed on the calling thread (callers run on {@link ExplanationWork}). */
    List<CamMap> ofTestImages(CheckpointScope scope, int[] ids, CamRequest request) {
        return compute(scope, TestImages.normalized(scope, ids), ids.length, TestImages.trueClasses(scope, ids), request);
    }

    private List<CamMap> compute(CheckpointScope scope, float[] input, int n, Integer[] trueClasses, CamRequest request) {
        try (ModelCache.Lease lease = models.acquire(scope.checkpoint())) {
            return latency(request, n).record(() -> computer.compute(lease.model(), input, n, trueClasses, request));
        }
    }

    private Timer latency(CamRequest request, int images) {
        return Timer.builder("salience.gradcam.latency").tag("method", request.method().id())
                .tag("layer", request.layerName()).tag("batch", images == 1 ? "1" : "grid")
                .description("class-activation map computation (forward, gradient or perturbations, map)")
                .register(meters);
    }

    private static CamView view(CheckpointScope scope, Integer imageId, Integer trueClass, CamMap map) {
        List<String> labels = scope.labels();
        return new CamView(scope.checkpoint().getId(), imageId, map.method(), map.layer(), map.smoothing(),
                map.targetClass(), labels.get(map.targetClass()), map.width(), map.height(), map.values(),
                Predictions.of(map.probabilities(), labels, imageId, trueClass, Math.min(3, labels.size())));
    }

    /** The map over the 32x32 image, both {@code scale} times larger. */
    static BufferedImage overlay(BufferedImage image32, CamMap map, double alpha, int scale) {
        return Heatmaps.overlay(ImagePng.upscale(image32, scale), map.scaled(ImageSplit.SIDE * scale), alpha);
    }
}
