package io.salience.web;

import io.salience.errors.InvalidInputException;
import io.salience.explain.PredictionService;
import io.salience.explain.Predictions;
import io.salience.serving.UploadedImages;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

@RestController
@RequestMapping("/api/checkpoints/{id}")
@Tag(name = "Predictions", description = "What a checkpoint predicts for a test image or an upload")
public class PredictionController {

    private final PredictionService predictions;
    private final UploadedImages uploads;

    public PredictionController(PredictionService predictions, UploadedImages uploads) {
        this.predictions = predictions;
        this.uploads = uploads;
    }

    @PostMapping(value = "/predictions", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Top-k classes for an uploaded image (PNG, JPEG, BMP or GIF; converted to RGB, resized to 32x32)")
    public Predictions predictUpload(@PathVariable("id") long id,
            @Parameter(description = "the image file") @RequestParam("image") MultipartFile image,
            @RequestParam(name = "k", defaultValue = "3") int k) {
        return predictions.predictUpload(id, uploads.decode(bytes(image)), k);
    }

    @GetMapping("/predictions/{imageId}")
    @Operation(summary = "Top-k classes for a test image, with its true class")
    public Predictions predictTestImage(@PathVariable("id") long id, @PathVariable("imageId") int imageId,
            @RequestParam(name = "k", defaultValue = "3") int k) {
        return predictions.predictTestImage(id, imageId, k);
    }

    static byte[] bytes(MultipartFile file) {
        try {
            return file.getBytes();
        } catch (IOException e) {
            throw InvalidInputException.field("image", "the upload could not be read: " + e.getMessage());
        }
    }
}
