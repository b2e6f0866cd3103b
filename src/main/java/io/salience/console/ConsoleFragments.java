package io.salience.console;

import io.salience.checkpoints.CheckpointService;
import io.salience.checkpoints.Misclassification;
import io.salience.errors.InvalidInputException;
import io.salience.explain.ConfusionMatrices;
import io.salience.explain.ConfusionMatrix;
import io.salience.explain.MistakeGallery;
import io.salience.explain.PredictionService;
import io.salience.explain.Predictions;
import io.salience.explain.cam.CamMethods;
import io.salience.explain.cam.CamQuery;
import io.salience.explain.cam.CamRequest;
import io.salience.explain.cam.CamRequests;
import io.salience.jobs.CheckpointScope;
import io.salience.jobs.JobService;
import io.salience.jobs.MistakeRecorder;
import io.salience.jobs.TrainingJob;
import io.salience.model.FeatureLayer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.data.domain.Page;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The parts of console pages that htmx loads and reloads in place. */
@Controller
@RequestMapping("/console")
public class ConsoleFragments {

    static final int GALLERY_PAGE = 24;

    private final JobService jobs;
    private final CheckpointService checkpoints;
    private final MistakeGallery gallery;
    private final ConfusionMatrices matrices;
    private final PredictionService predictions;
    private final CamMethods methods;
    private final CamRequests cams;
    private final MistakeRecorder recorder;

    public ConsoleFragments(JobService jobs, CheckpointService checkpoints, MistakeGallery gallery,
            ConfusionMatrices matrices, PredictionService predictions, CamMethods methods, CamRequests cams,
            MistakeRecorder recorder) {
        this.cams = cams;
        this.recorder = recorder;
        this.jobs = jobs;
        this.checkpoints = checkpoints;
        this.gallery = gallery;
        this.matrices = matrices;
        this.predictions = predictions;
        this.methods = methods;
    }

    /** The jobs table; it asks to be reloaded every two seconds while a job is queued or running. */
    @GetMapping("/jobs")
    public String jobsTable(Model model) {
        List<JobRow> rows = jobs.list(0, 50).getContent().stream().map(JobRow::of).toList();
        model.addAttribute("rows", rows);
        model.addAttribute("anyActive", rows.stream().anyMatch(JobRow::active));
        return "console/fragments :: jobs-table";
    }

    /** A job's status, progress, epochs and checkpoints (reloaded on its epoch and status events). */
    @GetMapping("/jobs/{id}/summary")
    public String jobSummary(@PathVariable long id, Model model) {
        TrainingJob job = jobs.get(id);
        model.addAttribute("job", JobRow.of(job));
        model.addAttribute("error", job.getError());
        model.addAttribute("epochs", jobs.metrics(id));
        model.addAttribute("checkpoints", checkpoints.forJob(id));
        return "console/fragments :: job-summary";
    }

    /** Misclassified test images, most confident first, optionally of one true and predicted class. */
    @GetMapping("/checkpoints/{id}/gallery")
    public String gallery(@PathVariable long id, @RequestParam(name = "page", defaultValue = "0") int page,
            @RequestParam(name = "trueClass", required = false) Integer trueClass,
            @RequestParam(name = "predictedClass", required = false) Integer predictedClass, Model model) {
        if (page < 0) {
            throw new InvalidInputException("page must be 0 or more");
        }
        CheckpointScope scope = gallery.recorded(id);
        List<String> labels = scope.labels();
        List<InvalidInputException.FieldProblem> problems = new java.util.ArrayList<>();
        scope.classProblem("trueClass", trueClass).ifPresent(problems::add);
        scope.classProblem("predictedClass", predictedClass).ifPresent(problems::add);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        Page<Misclassification> found = checkpoints.mistakes(id, trueClass, predictedClass, page * GALLERY_PAGE,
                GALLERY_PAGE);
        model.addAttribute("checkpointId", id);
        model.addAttribute("dataset", scope.dataset().name());
        model.addAttribute("items", found.getContent().stream().map(m -> new GalleryItem(m.getImageId(),
                label(labels, m.getTrueClass()), label(labels, m.getPredictedClass()),
                String.format("%.0f %%", m.getConfidence() * 100))).toList());
        model.addAttribute("total", found.getTotalElements());
        model.addAttribute("page", page);
        model.addAttribute("pages", (found.getTotalElements() + GALLERY_PAGE - 1) / GALLERY_PAGE);
        model.addAttribute("labels", labels);
        model.addAttribute("trueClass", trueClass);
        model.addAttribute("predictedClass", predictedClass);
        model.addAttribute("filter", (trueClass == null ? "" : "&trueClass=" + trueClass)
                + (predictedClass == null ? "" : "&predictedClass=" + predictedClass));
        return "console/fragments :: gallery";
    }

    /** One tile of the gallery. */
    public record GalleryItem(int imageId, String trueLabel, String predictedLabel, String confidence) {}

    /** The confusion matrix as a table whose cells are shaded by count and filter the gallery. */
    @GetMapping("/checkpoints/{id}/confusion")
    public String confusion(@PathVariable long id, Model model) {
        ConfusionMatrix matrix = matrices.of(id);
        long max = Arrays.stream(matrix.counts()).flatMapToLong(Arrays::stream).max().orElse(1);
        List<List<Cell>> rows = new ArrayList<>();
        for (int t = 0; t < matrix.counts().length; t++) {
            List<Cell> row = new ArrayList<>();
            for (int p = 0; p < matrix.counts()[t].length; p++) {
                long count = matrix.counts()[t][p];
                row.add(new Cell(t, p, count, max == 0 ? 0 : (double) count / max, t == p));
            }
            rows.add(row);
        }
        model.addAttribute("checkpointId", id);
        model.addAttribute("labels", matrix.labels());
        model.addAttribute("rows", rows);
        model.addAttribute("accuracy", String.format("%.2f %%", matrix.accuracy() * 100));
        model.addAttribute("total", matrix.total());
        return "console/fragments :: confusion";
    }

    /** A cell of the confusion matrix; {@code shade} is its count over the largest count. */
    public record Cell(int trueClass, int predictedClass, long count, double shade, boolean diagonal) {
        /** Dark text on light cells, light text on dark ones (contrast). */
        public boolean dark() {
            return shade > 0.5;
        }
    }

    /** A test image's explanation: the image, its top-3 predictions and the chosen map's overlay. */
    @GetMapping("/checkpoints/{id}/explain/{imageId}")
    public String explain(@PathVariable long id, @PathVariable int imageId,
            @RequestParam(name = "method", defaultValue = "gradcam") String method,
            @RequestParam(name = "layer", defaultValue = "layer4") List<String> layers,
            @RequestParam(name = "target", defaultValue = "predicted") String target,
            @RequestParam(name = "opacity", defaultValue = "0.5") double opacity, Model model) {
        if (!(opacity >= 0 && opacity <= 1)) {
            throw InvalidInputException.field("opacity", "must be between 0 and 1, not " + opacity);
        }
        String layerList = String.join(",", layers);
        // The API's own check of the map's parameters, with its messages.
        CheckpointScope scope = recorder.scope(id);
        CamRequest request = cams.parse(new CamQuery(method, layerList, target, null, null, null), scope.labels(),
                scope.dataset().normalization());
        Predictions predicted = predictions.predictTestImage(id, imageId, 3);
        // The caption names the class the map explains, so "predicted" and "true" need no guessing.
        int explained = request.target().resolve(predicted.predictions().get(0).classIndex(), predicted.trueClass());
        String dataset = scope.dataset().name();
        model.addAttribute("checkpointId", id);
        model.addAttribute("imageId", imageId);
        model.addAttribute("predictions", predicted);
        model.addAttribute("imageUrl", "api/datasets/" + dataset + "/test/" + imageId + ".png?scale=6");
        model.addAttribute("camUrl", "api/checkpoints/" + id + "/gradcam/" + imageId + ".png?scale=6&method="
                + enc(method) + "&layer=" + enc(layerList) + "&target=" + enc(target) + "&alpha=" + opacity);
        model.addAttribute("compareUrl", "api/checkpoints/" + id + "/explanations/" + imageId + ".png?scale=3&layer="
                + enc(layerList) + "&target=" + enc(target) + "&alpha=" + opacity);
        model.addAttribute("methods", methods.all());
        model.addAttribute("layers", Arrays.stream(FeatureLayer.values()).map(FeatureLayer::id).toList());
        model.addAttribute("method", method);
        model.addAttribute("selectedLayers", layers);
        model.addAttribute("target", target);
        model.addAttribute("targetLabel", scope.labels().get(explained));
        model.addAttribute("opacity", opacity);
        model.addAttribute("labels", scope.labels());
        return "console/fragments :: explain";
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String label(List<String> labels, int index) {
        return labels != null && index < labels.size() ? labels.get(index) : Integer.toString(index);
    }
}
