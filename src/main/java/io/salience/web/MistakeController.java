package io.salience.web;

import io.salience.explain.ConfusionMatrices;
import io.salience.explain.ConfusionMatrix;
import io.salience.explain.MistakeGallery;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/checkpoints/{id}")
@ApiResponse(responseCode = "202", description = "still being computed: ask again with the same request after Retry-After seconds")
@Tag(name = "Mistakes", description = "The test images a checkpoint gets wrong, and its confusion matrix")
public class MistakeController {

    private static final String PNG = "image/png";

    private final MistakeGallery gallery;
    private final ConfusionMatrices matrices;

    public MistakeController(MistakeGallery gallery, ConfusionMatrices matrices) {
        this.gallery = gallery;
        this.matrices = matrices;
    }

    @GetMapping("/misclassified/{imageId}.png")
    @Operation(summary = "A misclassified test image (404 if the checkpoint classifies it correctly)")
    @ApiResponse(responseCode = "200", content = @Content(mediaType = PNG, schema = @Schema(type = "string", format = "binary")))
    public ResponseEntity<byte[]> misclassifiedImage(@PathVariable("id") long id, @PathVariable("imageId") int imageId,
            @RequestParam(name = "scale", defaultValue = "4") int scale) {
        return PngResponses.png(gallery.image(id, imageId, scale));
    }

    @GetMapping("/misclassified.png")
    @Operation(summary = "Grid of the first `limit` misclassified test images (most confident first), captioned with true and predicted labels")
    @ApiResponse(responseCode = "200", content = @Content(mediaType = PNG, schema = @Schema(type = "string", format = "binary")))
    public ResponseEntity<byte[]> misclassifiedGrid(@PathVariable("id") long id,
            @RequestParam(name = "limit", defaultValue = "20") int limit,
            @RequestParam(name = "scale", defaultValue = "4") int scale) {
        return PngResponses.grid(gallery.grid(id, limit, scale));
    }

    @GetMapping("/confusion-matrix")
    @Operation(summary = "Confusion matrix over the evaluated test images: counts[true][predicted], precision, recall")
    public ConfusionMatrix confusionMatrix(@PathVariable("id") long id) {
        return matrices.of(id);
    }

    @GetMapping("/confusion-matrix.png")
    @Operation(summary = "The confusion matrix as an annotated heatmap")
    @ApiResponse(responseCode = "200", content = @Content(mediaType = PNG, schema = @Schema(type = "string", format = "binary")))
    public ResponseEntity<byte[]> confusionMatrixPng(@PathVariable("id") long id) {
        return PngResponses.png(matrices.image(id));
    }
}
