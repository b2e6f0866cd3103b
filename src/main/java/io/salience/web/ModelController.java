package io.salience.web;

import io.salience.model.ModelSummary;
import io.salience.model.ModelSummaryService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/model")
@Validated
@Tag(name = "Model", description = "The layer-norm CIFAR ResNet-18")
public class ModelController {

    private final ModelSummaryService summaries;

    public ModelController(ModelSummaryService summaries) {
        this.summaries = summaries;
    }

    @GetMapping("/summary")
    @Operation(summary = "Layer-by-layer summary of the model (output shapes and parameter counts)")
    public ModelSummary summary(
            @Parameter(description = "number of classes of the linear head")
            @RequestParam(defaultValue = "10") @Min(2) @Max(ModelSummaryService.MAX_CLASSES) int classes) {
        return summaries.summary(classes);
    }
}
