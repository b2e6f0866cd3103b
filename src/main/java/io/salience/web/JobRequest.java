package io.salience.web;

import io.salience.data.augment.AugmentationSettings;
import io.salience.training.ReduceLrOnPlateau;
import io.salience.training.TrainingSettings;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/**
 * A training job as POSTed: every field is optional, and the defaults are the reference recipe
 * (CIFAR-10, 40 epochs, batch 128, Adam 0.001 with L2 0.0001, crop + rotate + cutout,
 * ReduceLROnPlateau on the test loss, seed 1).
 */
@Schema(description = "Training job request; every field is optional and defaults to the reference recipe")
public record JobRequest(
        @Schema(example = "cifar10") @Size(min = 1, max = 100) String dataset,
        @Schema(example = "40") @Min(1) @Max(1000) Integer epochs,
        @Schema(example = "128") @Min(1) @Max(4096) Integer batchSize,
        @Schema(example = "0.001") @Positive @DecimalMax("10") Double learningRate,
        @Schema(example = "0.0001") @PositiveOrZero @DecimalMax("1") Double weightDecay,
        @Schema(example = "1") Long seed,
        @Schema(description = "use only the first N training images; null = all") @Positive Integer trainLimit,
        @Schema(description = "use only the first N test images; null = all") @Positive Integer testLimit,
        @Valid Augmentation augmentation,
        @Valid Scheduler scheduler) {

    /** Training-time augmentation; each part can be switched off. */
    public record Augmentation(
            @Schema(example = "true") Boolean randomCrop,
            @Schema(example = "5") @DecimalMin("0") @DecimalMax("180") Double rotateDegrees,
            @Schema(example = "16") @Min(0) @Max(32) Integer cutoutSize) {}

    /** ReduceLROnPlateau on the test loss. */
    public record Scheduler(
            @Schema(example = "0.1") @DecimalMin(value = "0", inclusive = false) @DecimalMax(value = "1", inclusive = false) Double factor,
            @Schema(example = "2") @Min(0) @Max(1000) Integer patience,
            @Schema(example = "0.0001") @PositiveOrZero Double threshold,
            @Schema(example = "0") @Min(0) @Max(1000) Integer cooldown,
            @Schema(example = "0.000001") @PositiveOrZero Double minLearningRate) {}

    public static final String DEFAULT_DATASET = "cifar10";

    /** The complete settings, defaults filled in. */
    public TrainingSettings toSettings() {
        AugmentationSettings augDefaults = AugmentationSettings.DEFAULTS;
        Augmentation a = augmentation == null ? new Augmentation(null, null, null) : augmentation;
        ReduceLrOnPlateau.Settings s = ReduceLrOnPlateau.Settings.DEFAULTS;
        Scheduler r = scheduler == null ? new Scheduler(null, null, null, null, null) : scheduler;
        return new TrainingSettings(
                or(dataset, DEFAULT_DATASET),
                or(epochs, 40),
                or(batchSize, 128),
                or(learningRate, 0.001),
                or(weightDecay, 0.0001),
                or(seed, 1L),
                trainLimit,
                testLimit,
                new AugmentationSettings(or(a.randomCrop(), augDefaults.randomCrop()),
                        or(a.rotateDegrees(), augDefaults.rotateDegrees()), or(a.cutoutSize(), augDefaults.cutoutSize())),
                new ReduceLrOnPlateau.Settings(or(r.factor(), s.factor()), or(r.patience(), s.patience()),
                        or(r.threshold(), s.threshold()), or(r.cooldown(), s.cooldown()),
                        or(r.minLearningRate(), s.minLearningRate())));
    }

    private static <T> T or(T value, T fallback) {
        return value == null ? fallback : value;
    }
}
