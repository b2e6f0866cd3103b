package io.salience.explain;

import io.salience.data.ImagePng;
import io.salience.data.ImageSplit;
import io.salience.errors.InvalidInputException.FieldProblem;
import io.salience.explain.cam.CamMap;
import io.salience.explain.cam.CamMethod;
import io.salience.explain.cam.CamMethods;
import io.salience.explain.cam.CamQuery;
import io.salience.explain.cam.CamRequest;
import io.salience.explain.cam.GradCamMethod;
import io.salience.explain.cam.Heatmaps;
import io.salience.jobs.CheckpointScope;
import io.salience.jobs.MistakeRecorder;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * Several methods side by side: the image, then one overlay per method captioned with its ROAD
 * faithfulness score and the random map's, for one test image or for the images of the
 * misclassified grid, in its order.
 */
@Service
public class ComparisonService {

    private final MistakeRecorder recorder;
    private final MistakeGallery gallery;
    private final CamService cams;
    private final FaithfulnessService faithfulness;
    private final CamMethods methods;
    private final ExplanationWork work;

    public ComparisonService(MistakeRecorder recorder, MistakeGallery gallery, CamService cams,
            FaithfulnessService faithfulness, CamMethods methods, ExplanationWork work) {
        this.recorder = recorder;
        this.gallery = gallery;
        this.cams = cams;
        this.faithfulness = faithfulness;
        this.methods = methods;
        this.work = work;
    }

    /** One row: the test image and each method's overlay. */
    public BufferedImage image(long checkpointId, int imageId, String methodList, CamQuery query, double alpha,
            int scale) {
        CheckpointScope scope = recorder.scope(checkpointId);
        List<CamRequest> requests = requests(scope, methodList, query, Drawing.problems(alpha, scale, null), 1, scale);
        scope.dataset().test().checkIndex(imageId);
        return work.await(key("compare", scope, requests, imageId, alpha, scale), () -> {
            int[] ids = {imageId};
            List<ImageGrid.Tile> tiles = row(scope, ids, 0, requests, compute(scope, ids, requests), alpha, scale,
                    List.of("#" + imageId + " true: " + scope.labels().get(scope.dataset().test().label(imageId))));
            return ImageGrid.render("Checkpoint " + checkpointId + ": explanations of test image " + imageId
                    + " (ROAD: faithfulness, higher is better; the random map's in brackets)", tiles, tiles.size());
        });
    }

    /** One row per image of the misclassified grid, in its order. */
    public Grid grid(long checkpointId, int limit, String methodList, CamQuery query, double alpha, int scale) {
        CheckpointScope scope = recorder.scope(checkpointId);
        List<CamRequest> requests = requests(scope, methodList, query, Drawing.problems(alpha, scale, limit), limit, scale);
        return work.await(key("compare-grid", scope, requests, limit, alpha, scale), () -> {
            MistakeGallery.Shown shown = gallery.first(checkpointId, limit);
            // The mistakes' own checkpoint version: a LAST rewritten since the request must not
            // explain one epoch's mistakes with another epoch's weights.
            CheckpointScope shownScope = shown.scope();
            int[] ids = shown.imageIds();
            Map<CamRequest, Results> results = compute(shownScope, ids, requests);
            List<ImageGrid.Tile> tiles = new ArrayList<>();
            for (int i = 0; i < ids.length; i++) {
                tiles.addAll(row(shownScope, ids, i, requests, results, alpha, scale, shown.caption(i)));
            }
            return new Grid(ImageGrid.render(shown.title("explanations (ROAD faithfulness; random map's in brackets) of "),
                    tiles, requests.size() + 1), MistakeGallery.boxed(ids));
        });
    }

    private record Results(List<CamMap> maps, List<FaithfulnessView> scores) {}

    private Map<CamRequest, Results> compute(CheckpointScope scope, int[] ids, List<CamRequest> requests) {
        Map<CamRequest, Results> results = new LinkedHashMap<>();
        Map<String, io.salience.explain.faithfulness.FaithfulnessMetrics.Scores> random = new java.util.HashMap<>();
        for (CamRequest request : requests) {
            if (ids.length == 0) {
                results.put(request, new Results(List.of(), List.of()));
                continue;
            }
            List<CamMap> maps = cams.ofTestImages(scope, ids, request);
            results.put(request, new Results(maps, faithfulness.evaluate(scope, ids, request, maps, random)));
        }
        return results;
    }

    private static List<ImageGrid.Tile> row(CheckpointScope scope, int[] ids, int i, List<CamRequest> requests,
            Map<CamRequest, Results> results, double alpha, int scale, List<String> imageCaption) {
        BufferedImage image = ImagePng.upscale(scope.dataset().test().toImage(ids[i]), scale);
        List<ImageGrid.Tile> tiles = new ArrayList<>();
        tiles.add(new ImageGrid.Tile(List.of(image), imageCaption));
        for (CamRequest request : requests) {
            Results r = results.get(request);
            CamMap map = r.maps().get(i);
            FaithfulnessView f = r.scores().get(i);
            tiles.add(new ImageGrid.Tile(List.of(Heatmaps.overlay(image, map.scaled(ImageSplit.SIDE * scale), alpha)),
                    List.of(request.method().id() + " for " + scope.labels().get(map.targetClass()),
                            String.format(Locale.ROOT, "ROAD %+.3f (%+.3f)", f.map().road(), f.random().road()))));
        }
        return tiles;
    }

    /**
     * One request per listed method (all methods when none is listed), sharing the query's other
     * parameters; unknown methods, the query's problems and {@code earlier} ones make one 400.
     */
    private List<CamRequest> requests(CheckpointScope scope, String methodList, CamQuery query,
            List<FieldProblem> earlier, int images, int scale) {
        List<FieldProblem> problems = new ArrayList<>(earlier);
        List<String> ids = new ArrayList<>();
        boolean listed = methodList != null && !methodList.isBlank();
        if (listed) {
            List<String> unknown = new ArrayList<>();
            // -1 keeps empty names ("methods=," or "gradcam,"): each is refused, never an empty list.
            for (String part : methodList.split(",", -1)) {
                String id = part.trim().toLowerCase(Locale.ROOT);
                if (methods.find(id).isEmpty()) {
                    unknown.add("'" + part.trim() + "'");
                } else if (!ids.contains(id)) {
                    ids.add(id);
                }
            }
            if (!unknown.isEmpty()) {
                problems.add(new FieldProblem("methods", "unknown method(s) " + String.join(", ", unknown)
                        + "; known: " + String.join(", ", methods.ids())));
            }
        } else {
            for (CamMethod method : methods.all()) {
                // Unlisted methods that cannot take the query's smoothing are left out, not refused.
                if (query.smooth() == null || !query.smooth().toLowerCase(Locale.ROOT).contains("eigen")
                        || method.supportsEigenSmoothing()) {
                    ids.add(method.id());
                }
            }
        }
        if (problems.isEmpty()) {
            // A row is the image and one overlay per method.
            problems.addAll(Drawing.problems(null, scale, images, ids.size() + 1));
        }
        if (ids.isEmpty()) {
            // Every listed method was unknown: still check the rest of the query for the same 400.
            cams.parse(scope, query.withMethod(GradCamMethod.ID), problems);
        }
        List<CamRequest> requests = new ArrayList<>();
        for (String id : ids) {
            requests.add(cams.parse(scope, query.withMethod(id), problems));
        }
        return requests;
    }

    private static String key(String what, CheckpointScope scope, List<CamRequest> requests, Object... rest) {
        StringBuilder all = new StringBuilder();
        for (CamRequest r : requests) {
            all.append(r.key()).append(';');
        }
        return CamService.key(what, scope, requests.get(0), all, java.util.Arrays.toString(rest));
    }
}
