package io.salience.web;

import io.salience.data.augment.AugmentationSettings;
import io.salience.errors.InvalidInputException;
import io.salience.errors.InvalidInputException.FieldProblem;
import io.salience.training.LearningRateSchedule;
import io.salience.training.Recipe;
import io.salience.training.Recipes;
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
import java.util.List;

/**
 * A training job as POSTed: every field is optional. The job starts from a named recipe
 * ({@code reference} unless {@code recipe} says otherwise) and each field given overrides it.
 */
@Schema(description = "Training job request; every field is optional and overrides the recipe's value")
public record JobRequest(
        @Schema(description = "named recipe to start from (GET /api/recipes)", example = "fast-start")
                @Size(min = 1, max = 100) String recipe,
        @Schema(example = "cifar10") @Size(min = 1, max = 100) String dataset,
        @Schema(example = "40") @Min(1) @Max(1000) Integer epochs,
        @Schema(example = "128") @Min(1) @Max(4096) Integer batchSize,
        @Schema(example = "0.001") @Positive @DecimalMax("10") Double learningRate,
        @Schema(example = "0.0001") @PositiveOrZero @DecimalMax("1") Double weightDecay,
        @Schema(example = "1") Long seed,
        @Schema(description = "use only the first N training images; null = all") @Positive Integer trainLimit,
        @Schema(description = "use only the first N test images; null = all") @Positive Integer testLimit,
        @Valid Augmentation augmentation,
        @Valid Scheduler scheduler,
        @Valid Initialization initialization,
        @Schema(description = "linear learning-rate warm-up: optimizer step k = 1..N uses lr*k/N; 0 = off", example = "40")
                @Min(0) @Max(1_000_000) Integer warmupSteps,
        @Schema(description = "label smoothing of the cross-entropy, in [0, 1)", example = "0.1")
                @DecimalMin("0") @DecimalMax(value = "1", inclusive = false) Double labelSmoothing,
        @Schema(description = "clip the total gradient L2 norm to this value; 0 = off", example = "5")
                @PositiveOrZero @DecimalMax("1000000") Double gradientClipNorm,
        @Schema(description = "how the learning rate moves: plateau (ReduceLROnPlateau on the test loss, per epoch), "
                + "cosine or linear (per step from learningRate down to scheduler.minLearningRate over the job's "
                + "steps, along half a cosine or a straight line)",
                example = "cosine")
                @KnownSchedule String schedule) {

    /** Training-time augmentation; each part can be switched off, and the whole can start later. */
    public record Augmentation(
            @Schema(example = "true") Boolean randomCrop,
            @Schema(example = "5") @DecimalMin("0") @DecimalMax("180") Double rotateDegrees,
            @Schema(example = "16") @Min(0) @Max(32) Integer cutoutSize,
            @Schema(description = "the first augmented epoch; earlier epochs train on the plain images", example = "2")
                    @Min(1) @Max(1000) Integer startEpoch) {}

    /** ReduceLROnPlateau on the test loss. */
    public record Scheduler(
            @Schema(example = "0.1") @DecimalMin(value = "0", inclusive = false) @DecimalMax(value = "1", inclusive = false) Double factor,
            @Schema(example = "2") @Min(0) @Max(1000) Integer patience,
            @Schema(example = "0.0001") @PositiveOrZero Double threshold,
            @Schema(example = "0") @Min(0) @Max(1000) Integer cooldown,
            @Schema(example = "0.000001") @PositiveOrZero Double minLearningRate) {}

    /** How the weights start. */
    public record Initialization(
            @Schema(description = "the scale of each residual block's second norm starts at 0", example = "true")
                    Boolean zeroInitResidual,
            @Schema(description = "the stem's first 54 filters start as the whitening transform of the training "
                    + "images' 3x3 patches (and its negation)", example = "true")
                    Boolean whitenStem) {}

    /** A request with no field set: the reference recipe as it is. */
    public static JobRequest empty() {
        return new JobRequest(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null);
    }

    /** The complete settings: the recipe's, overridden by every field this request sets. */
    public TrainingSettings toSettings() {
        String name = recipe == null ? Recipes.REFERENCE.name() : recipe;
        Recipe base = Recipes.find(name).orElseThrow(() -> new InvalidInputException(List.of(new FieldProblem(
                "recipe", "unknown recipe '" + name + "'; known: " + String.join(", ", Recipes.names())))));
        TrainingSettings b = base.settings();
        AugmentationSettings ba = b.augmentation();
        Augmentation a = augmentation == null ? new Augmentation(null, null, null, null) : augmentation;
        ReduceLrOnPlateau.Settings bs = b.scheduler();
        Scheduler s = scheduler == null ? new Scheduler(null, null, null, null, null) : scheduler;
        Boolean zeroInit = initialization == null ? null : initialization.zeroInitResidual();
        Boolean whiten = initialization == null ? null : initialization.whitenStem();
        Double clip = gradientClipNorm == null ? b.gradientClipNorm() : gradientClipNorm == 0 ? null : gradientClipNorm;
        int jobEpochs = or(epochs, b.epochs());
        int startEpoch = or(a.startEpoch(), ba.startEpoch());
        if (startEpoch > jobEpochs) {
            // It would switch augmentation off while the job's settings still list it.
            throw new InvalidInputException(List.of(new FieldProblem("augmentation.startEpoch",
                    "must be at most the job's epochs (" + jobEpochs + "); to train without augmentation, switch its "
                            + "parts off")));
        }
        return new TrainingSettings(
                or(dataset, b.dataset()),
                jobEpochs,
                or(batchSize, b.batchSize()),
                or(learningRate, b.learningRate()),
                or(weightDecay, b.weightDecay()),
                or(seed, b.seed()),
                or(trainLimit, b.trainLimit()),
                or(testLimit, b.testLimit()),
                new AugmentationSettings(or(a.randomCrop(), ba.randomCrop()), or(a.rotateDegrees(), ba.rotateDegrees()),
                        or(a.cutoutSize(), ba.cutoutSize()), startEpoch),
                new ReduceLrOnPlateau.Settings(or(s.factor(), bs.factor()), or(s.patience(), bs.patience()),
                        or(s.threshold(), bs.threshold()), or(s.cooldown(), bs.cooldown()),
                        or(s.minLearningRate(), bs.minLearningRate())),
                name,
                new TrainingSettings.Initialization(or(zeroInit, b.initialization().zeroInitResidual()),
                        or(whiten, b.initialization().whitenStem())),
                or(warmupSteps, b.warmupSteps()),
                or(labelSmoothing, b.labelSmoothing()),
                clip,
                schedule == null ? b.schedule() : LearningRateSchedule.of(schedule));
    }

    private static <T> T or(T value, T fallback) {
        return value == null ? fallback : value;
    }
}
