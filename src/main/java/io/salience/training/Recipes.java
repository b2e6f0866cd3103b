package io.salience.training;

import io.salience.data.augment.AugmentationSettings;
import java.util.List;
import java.util.Optional;

/** The recipes a job can start from. A new recipe is one constant here and its entry in {@link #ALL}. */
public final class Recipes {

    /** The reference run's settings, exactly (90.03% on CIFAR-10 after 40 epochs). */
    public static final Recipe REFERENCE = new Recipe("reference",
            "The reference run exactly: Adam 0.001 with L2 1e-4 from PyTorch's default initialization. Use it to "
                    + "reproduce the reference; on the layer-norm model it spends the first epochs recovering from "
                    + "Adam's first updates.",
            new TrainingSettings("cifar10", 40, 128, 0.001, 1e-4, 1, null, null, AugmentationSettings.DEFAULTS,
                    ReduceLrOnPlateau.Settings.DEFAULTS, "reference", TrainingSettings.Initialization.DEFAULT, 0, 0,
                    null));

    /**
     * The reference's model, optimizer and augmentation family with zero-init residual, a whitened
     * stem, batch 16, a linear learning-rate decay per step and CutOut 8. A warm-up, higher and
     * lower learning rates, label smoothing, gradient clipping, a cosine and larger batches
     * measured no better (README, "Recipes").
     */
    public static final Recipe FAST_START = new Recipe("fast-start",
            "The reference's model, optimizer, learning rate and augmentation family, started so that it learns from "
                    + "the first step: zero-init residual (each block starts as its shortcut, so Adam's first updates "
                    + "no longer blow the loss up), the stem's filters starting as the whitening of the training "
                    + "images' 3x3 patches, batch 16 (eight times the steps per epoch), the rate falling in a straight "
                    + "line over the job's steps (a short job ends with small steps) and CutOut 8 instead of 16 (a "
                    + "quarter of the hole, so a short run sees more of each image).",
            new TrainingSettings("cifar10", 40, 16, 0.001, 1e-4, 1, null, null, new AugmentationSettings(true, 5, 8),
                    ReduceLrOnPlateau.Settings.DEFAULTS, "fast-start", new TrainingSettings.Initialization(true, true), 0,
                    0, null, LearningRateSchedule.LINEAR));

    public static final List<Recipe> ALL = List.of(REFERENCE, FAST_START);

    private Recipes() {}

    public static Optional<Recipe> find(String name) {
        return ALL.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    public static List<String> names() {
        return ALL.stream().map(Recipe::name).toList();
    }
}
