package io.salience.explain;

import io.salience.data.ImageSplit;
import io.salience.explain.cam.Blur;
import io.salience.explain.cam.CamMap;
import io.salience.explain.cam.CamQuery;
import io.salience.explain.cam.CamRequest;
import io.salience.explain.faithfulness.FaithfulnessMetrics;
import io.salience.jobs.CheckpointScope;
import io.salience.jobs.MistakeRecorder;
import io.salience.serving.Inference;
import io.salience.serving.ModelCache;
import io.salience.training.Evaluator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/** Faithfulness of a checkpoint's maps, image by image, against a random map. */
@Service
public class FaithfulnessService {

    /** Sigma of insertion's blurred canvas, in pixels. */
    static final double INSERTION_BLUR = 4;

    private final MistakeRecorder recorder;
    private final CamService cams;
    private final ModelCache models;
    private final Inference inference;
    private final ExplanationWork work;

    public FaithfulnessService(MistakeRecorder recorder, CamService cams, ModelCache models, Inference inference,
            ExplanationWork work) {
        this.recorder = recorder;
        this.cams = cams;
        this.models = models;
        this.inference = inference;
        this.work = work;
    }

    /** The scores of one test image's map. */
    public FaithfulnessView image(long checkpointId, int imageId, CamQuery query) {
        CheckpointScope scope = recorder.scope(checkpointId);
        CamRequest request = cams.parse(scope, query);
        scope.dataset().test().checkIndex(imageId);
        return work.await(CamService.key("faithfulness", scope, request, imageId),
                () -> evaluate(scope, new int[] {imageId}, request).get(0));
    }

    /** The scores of several test images' maps of one request, in the order of {@code ids}, on the calling thread. */
    public List<FaithfulnessView> evaluate(CheckpointScope scope, int[] ids, CamRequest request) {
        return evaluate(scope, ids, request, new HashMap<>());
    }

    /**
     * As {@link #evaluate(CheckpointScope, int[], CamRequest)}, reusing the random map's scores of
     * earlier calls: they depend on the image and its target class only, not on the method, so a
     * report or a comparison over several methods computes them once per image.
     *
     * @param randomScores random-map scores by image and target, filled as they are computed
     */
    public List<FaithfulnessView> evaluate(CheckpointScope scope, int[] ids, CamRequest request,
            Map<String, FaithfulnessMetrics.Scores> randomScores) {
        return evaluate(scope, ids, request, cams.ofTestImages(scope, ids, request), randomScores);
    }

    /** The scores of maps already computed for the test images {@code ids}. */
    public List<FaithfulnessView> evaluate(CheckpointScope scope, int[] ids, CamRequest request, List<CamMap> maps,
            Map<String, FaithfulnessMetrics.Scores> randomScores) {
        float[] images = TestImages.normalized(scope, ids);
        List<FaithfulnessView> views = new ArrayList<>(ids.length);
        try (ModelCache.Lease lease = models.acquire(scope.checkpoint())) {
            for (int i = 0; i < ids.length; i++) {
                float[] image = new float[ImageSplit.IMAGE_BYTES];
                System.arraycopy(images, i * ImageSplit.IMAGE_BYTES, image, 0, image.length);
                int target = maps.get(i).targetClass();
                FaithfulnessMetrics.Scorer scorer = (batch, count) -> {
                    float[] logits = inference.logits(lease.model(), batch, count);
                    int classes = lease.model().numClasses();
                    double[] p = new double[count];
                    for (int b = 0; b < count; b++) {
                        p[b] = Evaluator.softmax(logits, b * classes, classes)[target];
                    }
                    return p;
                };
                float[] blurred = Blur.gaussian(image, ImageSplit.CHANNELS, ImageSplit.SIDE, INSERTION_BLUR);
                int area = ImageSplit.SIDE * ImageSplit.SIDE;
                // The seed depends on the image only: every method of an image meets the same noise.
                long seed = ids[i];
                FaithfulnessMetrics.Scores mapScores = FaithfulnessMetrics.evaluate(image,
                        maps.get(i).scaled(ImageSplit.SIDE), blurred, ImageSplit.CHANNELS, ImageSplit.SIDE, scorer, seed);
                FaithfulnessMetrics.Scores random = randomScores.computeIfAbsent(ids[i] + ":" + target,
                        k -> FaithfulnessMetrics.evaluate(image, FaithfulnessMetrics.randomMap(area, seed + 1), blurred,
                                ImageSplit.CHANNELS, ImageSplit.SIDE, scorer, seed));
                views.add(new FaithfulnessView(scope.checkpoint().getId(), ids[i], request.method().id(),
                        request.layerName(), request.smoothingName(), target, scope.labels().get(target),
                        mapScores.probability(), FaithfulnessMetrics.PERCENTILES.clone(),
                        FaithfulnessView.Metrics.of(mapScores), FaithfulnessView.Metrics.of(random)));
            }
        }
        return views;
    }
}
