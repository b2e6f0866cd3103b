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
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
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
    @Operation(summary = "List the configured datasets: sizes and classes once prepared, else their state (never loads)")
    public List<DatasetInfo> list() {
        return registry.names().stream().map(registry::describe).toList();
    }

    @GetMapping("/{name}")
    @Operation(summary = "Describe one dataset: classes, sizes, or why it is unavailable")
    public DatasetInfo describe(@Parameter(description = "dataset name, e.g. cifar10") @PathVariable("name") String name) {
        return registry.describe(name);
    }

    @PostMapping("/{name}/prepare")
    @Operation(summary = "Download (if needed) and read a dataset in the background; 202 while it is prepared, 200 once ready")
    @ApiResponse(responseCode = "202", description = "being prepared; Location names the dataset")
    @ApiResponse(responseCode = "200", description = "ready")
    public ResponseEntity<DatasetInfo> prepare(@PathVariable("name") String name) {
        DatasetInfo info = registry.prepare(name);
        return ResponseEntity.status(info.available() ? HttpStatus.OK : HttpStatus.ACCEPTED)
                .location(java.net.URI.create("/api/datasets/" + name)).body(info);
    }

    @GetMapping("/{name}/test/{imageId}.png")
    @Operation(summary = "One test image as PNG, enlarged by nearest neighbour")
    @ApiResponse(responseCode = "200", content = @Content(mediaType = MediaType.IMAGE_PNG_VALUE))
    public ResponseEntity<byte[]> testImage(
            @Parameter(description = "dataset name, e.g. cifar10") @PathVariable("name") String name,
            @Parameter(description = "0-based index in the test split") @PathVariable("imageId") int imageId,
            @Parameter(description = "enlargement factor, 1..16") @RequestParam(name = "scale", defaultValue = "4") int scale) {
        io.salience.explain.Drawing.check(null, scale, null);
        ImageSplit test = registry.readyWithoutDownload(name).test();
        return PngResponses.png(ImagePng.upscale(test.toImage(imageId), scale));
    }
}
