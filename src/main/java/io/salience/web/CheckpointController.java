package io.salience.web;

import io.swagger.v3.oas.annotations.responses.ApiResponse;

import io.salience.checkpoints.CheckpointService;
import io.salience.checkpoints.Misclassification;
import io.salience.errors.InvalidInputException;
import io.salience.explain.cam.CamMethods;
import io.salience.jobs.CheckpointScope;
import io.salience.explain.MistakeGallery;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.List;
import org.springframework.data.domain.Page;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/checkpoints")
@Validated
@Tag(name = "Checkpoints", description = "Trained checkpoints and the test images they misclassify")
public class CheckpointController {

    private final CheckpointService checkpoints;
    private final MistakeGallery gallery;
    private final CamMethods methods;

    public CheckpointController(CheckpointService checkpoints, MistakeGallery gallery, CamMethods methods) {
        this.checkpoints = checkpoints;
        this.gallery = gallery;
        this.methods = methods;
    }

    @GetMapping
    @Operation(summary = "Checkpoints, newest first, optionally of one job")
    public PageView<CheckpointView> list(@RequestParam(required = false) Long jobId,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(200) int size) {
        return PageView.of(checkpoints.list(jobId, page, size), CheckpointView::of);
    }

    @GetMapping("/{id}")
    @Operation(summary = "One checkpoint")
    public CheckpointView get(@PathVariable long id) {
        return CheckpointView.of(checkpoints.get(id));
    }

    /** A page of misclassified test images, most confident mistakes first. */
    public record MisclassifiedPage(long total, int offset, int limit, List<MisclassifiedView> items) {}

    /**
     * One misclassified test image, with links to the image, its heatmap (of the listed method),
     * the comparison of every method, and the map's faithfulness.
     */
    public record MisclassifiedView(long checkpointId, int imageId, int trueClass, String trueLabel,
            int predictedClass, String predictedLabel, double confidence, double trueClassProbability,
            String imageUrl, String gradcamUrl, String explanationsUrl, String faithfulnessUrl) {}

    @GetMapping("/{id}/misclassified")
    @Operation(summary = "Misclassified test images, most confident mistakes first; the first 20 are the grids' 20")
    @ApiResponse(responseCode = "200", description = "a page of mistakes")
    @ApiResponse(responseCode = "202", description = "still being computed: ask again with the same request after Retry-After seconds")
    public MisclassifiedPage misclassified(@PathVariable long id,
            @RequestParam(defaultValue = "0") @Min(0) int offset,
            @RequestParam(defaultValue = "20") @Min(1) @Max(1000) int limit,
            @RequestParam(required = false) @Min(0) Integer trueClass,
            @RequestParam(required = false) @Min(0) Integer predictedClass,
            @Parameter(description = "the explanation method of the links (GET /api/cam-methods); gradcam when absent")
            @RequestParam(required = false) String method) {
        List<InvalidInputException.FieldProblem> problems = new java.util.ArrayList<>();
        String query = "";
        if (method != null && !method.isBlank()) {
            if (methods.find(method.trim()).isEmpty()) {
                problems.add(new InvalidInputException.FieldProblem("method",
                        "unknown method '" + method + "'; known: " + String.join(", ", methods.ids())));
            }
            query = "?method=" + java.net.URLEncoder.encode(method.trim(), java.nio.charset.StandardCharsets.UTF_8);
        }
        String methodQuery = query;
        // A checkpoint whose mistakes nobody recorded yet (a LAST one, say) is evaluated in the background.
        CheckpointScope scope = gallery.recorded(id);
        String dataset = scope.dataset().name();
        List<String> labels = scope.labels();
        scope.classProblem("trueClass", trueClass).ifPresent(problems::add);
        scope.classProblem("predictedClass", predictedClass).ifPresent(problems::add);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        Page<Misclassification> page = checkpoints.mistakes(id, trueClass, predictedClass, offset, limit);
        List<MisclassifiedView> items = page.getContent().stream().map(m -> new MisclassifiedView(id,
                m.getImageId(), m.getTrueClass(), label(labels, m.getTrueClass()), m.getPredictedClass(),
                label(labels, m.getPredictedClass()), m.getConfidence(), m.getTrueClassProbability(),
                "/api/datasets/" + dataset + "/test/" + m.getImageId() + ".png",
                "/api/checkpoints/" + id + "/gradcam/" + m.getImageId() + ".png" + methodQuery,
                "/api/checkpoints/" + id + "/explanations/" + m.getImageId() + ".png",
                "/api/checkpoints/" + id + "/faithfulness/" + m.getImageId() + methodQuery)).toList();
        return new MisclassifiedPage(page.getTotalElements(), offset, limit, items);
    }

    private static String label(List<String> labels, int index) {
        return labels != null && index < labels.size() ? labels.get(index) : null;
    }
}
