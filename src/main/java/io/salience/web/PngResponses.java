package io.salience.web;

import io.salience.data.ImagePng;
import io.salience.explain.Grid;
import java.awt.image.BufferedImage;
import java.util.stream.Collectors;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * PNG answers. Endpoints that return pictures declare no {@code produces}, so that their errors
 * can still be answered as problem details.
 */
final class PngResponses {

    static final String IMAGE_IDS = "X-Image-Ids";

    private PngResponses() {}

    static ResponseEntity<byte[]> png(BufferedImage image) {
        return ResponseEntity.ok().contentType(MediaType.IMAGE_PNG).body(ImagePng.png(image));
    }

    /** The grid, with its tiles' test image ids in the {@code X-Image-Ids} header, in order. */
    static ResponseEntity<byte[]> grid(Grid grid) {
        return ResponseEntity.ok().contentType(MediaType.IMAGE_PNG)
                .header(IMAGE_IDS, grid.imageIds().stream().map(String::valueOf).collect(Collectors.joining(",")))
                .body(ImagePng.png(grid.image()));
    }
}
