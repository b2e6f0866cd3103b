package io.salience.reports;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * What a faithfulness report evaluates; every field is optional.
 *
 * @param methods explanation methods (default: all)
 * @param images the first N test images (default 200, at most the checkpoint's evaluated test images)
 * @param imageIds these test images instead of the first N
 */
public record ReportRequest(
        @Schema(example = "[\"gradcam\", \"scorecam\"]") List<String> methods,
        @Schema(example = "200") Integer images,
        List<Integer> imageIds,
        @Schema(example = "layer4") String layer,
        @Schema(example = "predicted") String target,
        @Schema(example = "none") String smooth,
        @Schema(example = "32") Integer steps,
        @Schema(example = "zero") String baseline) {

    public static final int DEFAULT_IMAGES = 200;
    public static final int MAX_IMAGES = 10_000;
}
