package io.salience.explain.cam;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The query parameters that choose a map, as a request gives them; {@link CamRequests} checks
 * them all at once and names every bad one. Absent values take the defaults shown.
 */
public record CamQuery(
        @Schema(description = "the method: gradcam, gradcam++, xgradcam, hirescam, layercam, eigencam, eigengradcam, "
                + "scorecam, ablationcam, integrated-gradients (GET /api/cam-methods lists them)", defaultValue = "gradcam")
                String method,
        @Schema(description = "layer1..layer4, or several separated by commas: their maps are averaged", defaultValue = "layer4")
                String layer,
        @Schema(description = "predicted, true (test images), a class index or a label", defaultValue = "predicted")
                String target,
        @Schema(description = "aug (flips and shifts, aligned back and averaged), eigen (first principal component), "
                + "both separated by a comma, or none", defaultValue = "none")
                String smooth,
        @Schema(description = "Integrated Gradients: points on the path, 2..256", defaultValue = "32") Integer steps,
        @Schema(description = "Integrated Gradients: zero (the black image) or blur (the image blurred)", defaultValue = "zero")
                String baseline) {

    public CamQuery withMethod(String id) {
        return new CamQuery(id, layer, target, smooth, steps, baseline);
    }
}
