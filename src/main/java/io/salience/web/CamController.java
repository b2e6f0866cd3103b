package io.salience.web;

import io.salience.explain.CamService;
import io.salience.explain.ComparisonService;
import io.salience.explain.FaithfulnessService;
import io.salience.explain.FaithfulnessView;
import io.salience.explain.CamView;
import io.salience.explain.cam.CamQuery;
import io.salience.serving.UploadedImages;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** Class-activation maps: {@code method}, {@code layer}, {@code target}, {@code smooth} and options bind to a {@link CamQuery}. */
@RestController
@RequestMapping("/api/checkpoints/{id}")
@ApiResponse(responseCode = "202", description = "still being computed: ask again with the same request after Retry-After seconds")
@Tag(name = "Explanations", description = "Class-activation maps (Grad-CAM and its family) of a checkpoint's test images and uploads")
public class CamController {

    private static final String PNG = "image/png";

    private final CamService cams;
    private final ComparisonService comparisons;
    private final FaithfulnessService faithfulness;
    private final UploadedImages uploads;

    public CamController(CamService cams, ComparisonService comparisons, FaithfulnessService faithfulness,
            UploadedImages uploads) {
        this.cams = cams;
        this.comparisons = comparisons;
        this.faithfulness = faithfulness;
        this.uploads = uploads;
    }

    @GetMapping("/gradcam/{imageId}.png")
    @Operation(summary = "A heatmap (jet) of the chosen method blended over a test image")
    @ApiResponse(responseCode = "200", content = @Content(mediaType = PNG, schema = @Schema(type = "string", format = "binary")))
    public ResponseEntity<byte[]> camPng(@PathVariable("id") long id, @PathVariable("imageId") int imageId,
            @ParameterObject @ModelAttribute CamQuery query,
            @Parameter(description = "the heatmap's weight in the blend") @RequestParam(name = "alpha", defaultValue = "0.5") double alpha,
            @RequestParam(name = "scale", defaultValue = "4") int scale) {
        return PngResponses.png(cams.overlay(id, imageId, query, alpha, scale));
    }

    @GetMapping(value = "/gradcam/{imageId}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The raw map of a test image (before scaling; at the layer's resolution for one layer) with the prediction")
    public CamView camJson(@PathVariable("id") long id, @PathVariable("imageId") int imageId,
            @ParameterObject @ModelAttribute CamQuery query) {
        return cams.cam(id, imageId, query);
    }

    @GetMapping("/gradcam.png")
    @Operation(summary = "Maps on the same images, in the same order, as misclassified.png (batched passes)")
    @ApiResponse(responseCode = "200", content = @Content(mediaType = PNG, schema = @Schema(type = "string", format = "binary")))
    public ResponseEntity<byte[]> camGrid(@PathVariable("id") long id,
            @RequestParam(name = "limit", defaultValue = "20") int limit,
            @ParameterObject @ModelAttribute CamQuery query,
            @RequestParam(name = "alpha", defaultValue = "0.5") double alpha,
            @RequestParam(name = "scale", defaultValue = "4") int scale) {
        return PngResponses.grid(cams.grid(id, limit, query, alpha, scale));
    }

    @PostMapping(value = "/gradcam", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "The overlay for an uploaded image (target: predicted, a class index or a label)")
    @ApiResponse(responseCode = "200", content = @Content(mediaType = PNG, schema = @Schema(type = "string", format = "binary")))
    public ResponseEntity<byte[]> camUpload(@PathVariable("id") long id,
            @RequestParam("image") MultipartFile image,
            @ParameterObject @ModelAttribute CamQuery query,
            @RequestParam(name = "alpha", defaultValue = "0.5") double alpha,
            @RequestParam(name = "scale", defaultValue = "4") int scale) {
        return PngResponses.png(cams.uploadOverlay(id, uploads.decode(PredictionController.bytes(image)), query, alpha,
                scale));
    }

    @GetMapping("/explanations/{imageId}.png")
    @Operation(summary = "A test image and one overlay per method in a row, captioned with each map's ROAD faithfulness and a random map's")
    @ApiResponse(responseCode = "200", content = @Content(mediaType = PNG, schema = @Schema(type = "string", format = "binary")))
    public ResponseEntity<byte[]> comparePng(@PathVariable("id") long id, @PathVariable("imageId") int imageId,
            @Parameter(description = "methods separated by commas; all methods when absent") @RequestParam(name = "methods", required = false) String methods,
            @ParameterObject @ModelAttribute CamQuery query,
            @RequestParam(name = "alpha", defaultValue = "0.5") double alpha,
            @RequestParam(name = "scale", defaultValue = "4") int scale) {
        return PngResponses.png(comparisons.image(id, imageId, methods, query, alpha, scale));
    }

    @GetMapping("/explanations.png")
    @Operation(summary = "The comparison row for each image of misclassified.png, in its order")
    @ApiResponse(responseCode = "200", content = @Content(mediaType = PNG, schema = @Schema(type = "string", format = "binary")))
    public ResponseEntity<byte[]> compareGrid(@PathVariable("id") long id,
            @RequestParam(name = "limit", defaultValue = "20") int limit,
            @Parameter(description = "methods separated by commas; all methods when absent") @RequestParam(name = "methods", required = false) String methods,
            @ParameterObject @ModelAttribute CamQuery query,
            @RequestParam(name = "alpha", defaultValue = "0.5") double alpha,
            @RequestParam(name = "scale", defaultValue = "4") int scale) {
        return PngResponses.grid(comparisons.grid(id, limit, methods, query, alpha, scale));
    }

    @GetMapping(value = "/faithfulness/{imageId}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "How faithful a test image's map is: MoRF/LeRF drops (ROAD imputation), ROAD score, deletion and insertion AUC, and a random map's")
    public FaithfulnessView faithfulness(@PathVariable("id") long id, @PathVariable("imageId") int imageId,
            @ParameterObject @ModelAttribute CamQuery query) {
        return faithfulness.image(id, imageId, query);
    }
}
