package io.salience.web;

import io.salience.data.DatasetInfo;
import io.salience.data.DatasetRegistry;
import io.salience.data.ImagePng;
import io.salience.data.ImageSplit;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The configured datasets and their test images. */
@RestController
@RequestMapping("/api/datasets")
@Tag(name = "Datasets")
public class DatasetController {

    private final DatasetRegistry registry;

    public DatasetController(DatasetRegistry registry) {
        this.registry = registry;
    }

    @GetMapping
    @Operation(summary = "List the configured datasets; loads (and downloads) each on first use")
    public List<DatasetInfo> list() {
        return registry.names().stream().map(registry::describe).toList();
    }

    @GetMapping("/{name}")
    @Operation(summary = "Describe one dataset: classes, sizes, or why it is unavailable")
    public DatasetInfo describe(@Parameter(description = "dataset name, e.g. cifar10") @PathVariable("name") String name) {
        return registry.describe(name);
    }

    @GetMapping("/{name}/test/{imageId}.png")
    @Operation(summary = "One test image as PNG, enlarged by nearest neighbour")
    @ApiResponse(responseCode = "200", content = @Content(mediaType = MediaType.IMAGE_PNG_VALUE))
    public ResponseEntity<byte[]> testImage(
            @Parameter(description = "dataset name, e.g. cifar10") @PathVariable("name") String name,
            @Parameter(description = "0-based index in the test split") @PathVariable("imageId") int imageId,
            @Parameter(description = "enlargement factor, 1..16") @RequestParam(name = "scale", defaultValue = "4") int scale) {
        PngResponses.checkScale(scale);
        ImageSplit test = registry.load(name).test();
        return PngResponses.png(ImagePng.upscale(test.toImage(imageId), scale));
    }
}
