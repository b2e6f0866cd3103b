package io.salience.web;

import io.salience.errors.InvalidInputException;
import io.salience.explain.ConfusionMatrix;
import io.salience.explain.Explanations;
import io.salience.explain.Explanations.CamView;
import io.salience.explain.Explanations.Predictions;
import io.salience.serving.UploadedImages;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.util.stream.Collectors;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@RestController
@RequestMapping("/api/checkpoints/{id}")
@Tag(name = "Explanations", description = "Predictions, misclassified images, Grad-CAM heatmaps and confusion matrices of a checkpoint")
public class ExplanationController {

    private static final String PNG = "image/png";
    static final String IMAGE_IDS = "X-Image-Ids";

    private final Explanations explanations;
    private final UploadedImages uploads;

    public ExplanationController(Explanations explanations, UploadedImages uploads) {
        this.explanations = explanations;
        this.uploads = uploads;
    }

    @PostMapping(value = "/predictions", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Top-k classes for an uploaded image (PNG, JPEG, BMP or GIF; converted to RGB, resized to 32x32)")
    public Predictions predictUpload(@PathVariable("id") long id,
            @Parameter(description = "the image file") @RequestParam("image") MultipartFile image,
            @RequestParam(name = "k", defaultValue = "3") int k) {
        return explanations.predictUpload(id, uploads.decode(bytes(image)), k);
    }

    @GetMapping("/predictions/{imageId}")
    @Operation(summary = "Top-k classes for a test image, with its true class")
    public Predictions predictTestImage(@PathVariable("id") long id, @PathVariable("imageId") int imageId,
            @RequestParam(name = "k", defaultValue = "3") int k) {
        return explanations.predictTestImage(id, imageId, k);
    }

    @GetMapping("/misclassified/{imageId}.png")
    @Operation(summary = "A misclassified test image (404 if the checkpoint classifies it correctly)")
    @ApiResponse(responseCode = "200", content = @Content(mediaType = PNG, schema = @Schema(type = "string", format = "binary")))
    public ResponseEntity<byte[]> misclassifiedImage(@PathVariable("id") long id, @PathVariable("imageId") int imageId,
            @RequestParam(name = "scale", defaultValue = "4") int scale) {
        return PngResponses.png(explanations.misclassifiedImage(id, imageId, PngResponses.checkScale(scale)));
    }

    @GetMapping("/misclassified.png")
    @Operation(summary = "Grid of the first `limit` misclassified test images (most confident first), captioned with true and predicted labels")
    @ApiResponse(responseCode = "200", content = @Content(mediaType = PNG, schema = @Schema(type = "string", format = "binary")))
    public ResponseEntity<byte[]> misclassifiedGrid(@PathVariable("id") long id,
            @RequestParam(name = "limit", defaultValue = "20") int limit,
            @RequestParam(name = "scale", defaultValue = "4") int scale) {
        return grid(explanations.misclassifiedGrid(id, limit, PngResponses.checkScale(scale)));
    }

    @GetMapping("/gradcam/{imageId}.png")
    @Operation(summary = "Grad-CAM heatmap (jet) blended over a test image")
    @ApiResponse(responseCode = "200", content = @Content(mediaType = PNG, schema = @Schema(type = "string", format = "binary")))
    public ResponseEntity<byte[]> gradCamPng(@PathVariable("id") long id, @PathVariable("imageId") int imageId,
            @Parameter(description = "layer1, layer2, layer3 or layer4") @RequestParam(name = "layer", defaultValue = "layer4") String layer,
            @Parameter(description = "predicted, true, a class index or a label") @RequestParam(name = "target", defaultValue = "predicted") String target,
            @Parameter(description = "the heatmap's weight in the blend") @RequestParam(name = "alpha", defaultValue = "0.5") double alpha,
            @RequestParam(name = "scale", defaultValue = "4") int scale) {
        return PngResponses.png(explanations.gradCamOverlay(id, imageId, layer, target, alpha,
                PngResponses.checkScale(scale)));
    }

    @GetMapping(value = "/gradcam/{imageId}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The raw Grad-CAM map of a test image (before upsampling and scaling) with the prediction")
    public CamView gradCamJson(@PathVariable("id") long id, @PathVariable("imageId") int imageId,
            @RequestParam(name = "layer", defaultValue = "layer4") String layer,
            @RequestParam(name = "target", defaultValue = "predicted") String target) {
        return explanations.gradCam(id, imageId, layer, target);
    }

    @GetMapping("/gradcam.png")
    @Operation(summary = "Grad-CAM on the same images, in the same order, as misclassified.png (one batched pass)")
    @ApiResponse(responseCode = "200", content = @Content(mediaType = PNG, schema = @Schema(type = "string", format = "binary")))
    public ResponseEntity<byte[]> gradCamGrid(@PathVariable("id") long id,
            @RequestParam(name = "limit", defaultValue = "20") int limit,
            @RequestParam(name = "layer", defaultValue = "layer4") String layer,
            @RequestParam(name = "target", defaultValue = "predicted") String target,
            @RequestParam(name = "alpha", defaultValue = "0.5") double alpha,
            @RequestParam(name = "scale", defaultValue = "4") int scale) {
        return grid(explanations.gradCamGrid(id, limit, layer, target, alpha, PngResponses.checkScale(scale)));
    }

    @PostMapping(value = "/gradcam", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Grad-CAM overlay for an uploaded image (target: predicted, a class index or a label)")
    @ApiResponse(responseCode = "200", content = @Content(mediaType = PNG, schema = @Schema(type = "string", format = "binary")))
    public ResponseEntity<byte[]> gradCamUpload(@PathVariable("id") long id,
            @RequestParam("image") MultipartFile image,
            @RequestParam(name = "layer", defaultValue = "layer4") String layer,
            @RequestParam(name = "target", defaultValue = "predicted") String target,
            @RequestParam(name = "alpha", defaultValue = "0.5") double alpha,
            @RequestParam(name = "scale", defaultValue = "4") int scale) {
        PngResponses.checkScale(scale);
        return PngResponses.png(explanations.gradCamUploadOverlay(id, uploads.decode(bytes(image)), layer, target,
                alpha, scale));
    }

    @GetMapping("/confusion-matrix")
    @Operation(summary = "Confusion matrix over the evaluated test images: counts[true][predicted], precision, recall")
    public ConfusionMatrix confusionMatrix(@PathVariable("id") long id) {
        return explanations.confusionMatrix(id);
    }

    @GetMapping("/confusion-matrix.png")
    @Operation(summary = "The confusion matrix as an annotated heatmap")
    @ApiResponse(responseCode = "200", content = @Content(mediaType = PNG, schema = @Schema(type = "string", format = "binary")))
    public ResponseEntity<byte[]> confusionMatrixPng(@PathVariable("id") long id) {
        return PngResponses.png(explanations.confusionMatrixImage(id));
    }

    /** The grid, with its tiles' test image ids in the {@code X-Image-Ids} header, in order. */
    private static ResponseEntity<byte[]> grid(Explanations.Grid grid) {
        ResponseEntity<byte[]> png = PngResponses.png(grid.image());
        return ResponseEntity.ok().headers(png.getHeaders())
                .header(IMAGE_IDS, grid.imageIds().stream().map(String::valueOf).collect(Collectors.joining(",")))
                .body(png.getBody());
    }

    private static byte[] bytes(MultipartFile file) {
        try {
            return file.getBytes();
        } catch (IOException e) {
            throw new InvalidInputException("the upload could not be read: " + e.getMessage(), e);
        }
    }
}
