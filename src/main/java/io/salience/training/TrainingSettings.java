package io.salience.training;

import io.salience.data.augment.AugmentationSettings;

/**
 * Everything that determines a training run. Two runs with equal settings on the same device and
 * thread count produce identical weights and metrics.
 *
 * @param dataset configured dataset name
 * @param epochs number of passes over the training images
 * @param batchSize images per optimizer step
 * @param learningRate Adam's initial learning rate
 * @param weightDecay L2 coefficient added to the gradient (coupled, as torch.optim.Adam)
 * @param seed seeds initialization, shuffling and augmentation
 * @param trainLimit use only the first N training images (null: all)
 * @param testLimit use only the first N test images (null: all)
 * @param augmentation training-time augmentation
 * @param scheduler ReduceLROnPlateau on the test loss
 * @param recipe the named recipe these settings started from ({@link Recipes})
 * @param initialization how the weights start
 * @param warmupSteps optimizer step k = 1..N uses lr * k / N; 0 = off
 * @param labelSmoothing as {@code torch.nn.CrossEntropyLoss(label_smoothing=…)}, in [0, 1)
 * @param gradientClipNorm largest total L2 norm of the gradients (as
 *     {@code torch.nn.utils.clip_grad_norm_}, before weight decay); null = off
 * @param schedule how the learning rate moves: ReduceLROnPlateau per epoch, or a cosine or a straight line per step
 */
public record TrainingSettings(
        String dataset,
        int epochs,
        int batchSize,
        double learningRate,
        double weightDecay,
        long seed,
        Integer trainLimit,
        Integer testLimit,
        AugmentationSettings augmentation,
        ReduceLrOnPlateau.Settings scheduler,
        String recipe,
        Initialization initialization,
        int warmupSteps,
        double labelSmoothing,
        Double gradientClipNorm,
        LearningRateSchedule schedule) {

    /**
     * @param zeroInitResidual the scale of each residual block's second norm starts at 0 (not the
     *     shortcut's norm), so that every block starts as relu(shortcut(x))
     * @param whitenStem the stem's first filters start as the whitening transform of the training
     *     images' 3x3 patches ({@link StemWhitening}); null (settings stored before it) = false
     */
    public record Initialization(boolean zeroInitResidual, Boolean whitenStem) {
        public static final Initialization DEFAULT = new Initialization(false, false);

        public Initialization {
            whitenStem = Boolean.TRUE.equals(whitenStem);
        }

        /** Zero-init residual or not, with the stem's random start. */
        public Initialization(boolean zeroInitResidual) {
            this(zeroInitResidual, false);
        }
    }

    public TrainingSettings {
        // Jobs stored before recipes existed were reference runs with default initialization.
        recipe = recipe == null ? Recipes.REFERENCE.name() : recipe;
        initialization = initialization == null ? Initialization.DEFAULT : initialization;
        schedule = schedule == null ? LearningRateSchedule.PLATEAU : schedule;
        if (warmupSteps < 0) {
            throw new IllegalArgumentException("warmupSteps must be >= 0, not " + warmupSteps);
        }
        if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
            throw new IllegalArgumentException("labelSmoothing must be in [0, 1), not " + labelSmoothing);
        }
        if (gradientClipNorm != null && !(gradientClipNorm > 0)) {
            throw new IllegalArgumentException("gradientClipNorm must be > 0, not " + gradientClipNorm);
        }
    }

    /** Settings with ReduceLROnPlateau as the schedule (the reference's). */
    public TrainingSettings(String dataset, int epochs, int batchSize, double learningRate, double weightDecay,
            long seed, Integer trainLimit, Integer testLimit, AugmentationSettings augmentation,
            ReduceLrOnPlateau.Settings scheduler, String recipe, Initialization initialization, int warmupSteps,
            double labelSmoothing, Double gradientClipNorm) {
        this(dataset, epochs, batchSize, learningRate, weightDecay, seed, trainLimit, testLimit, augmentation,
                scheduler, recipe, initialization, warmupSteps, labelSmoothing, gradientClipNorm, null);
    }

    /** The learning rate of optimizer step {@code step} (1-based) for the scheduler's {@code rate}. */
    public double warmedUp(double rate, long step) {
        return warmupSteps > 0 && step <= warmupSteps ? rate * step / warmupSteps : rate;
    }

    /**
     * The schedule's rate for optimizer step {@code step} (1-based) of a run of {@code totalSteps},
     * before warm-up; {@code plateauRate} is ReduceLROnPlateau's rate for the current epoch.
     */
    public double scheduledRate(double plateauRate, long step, long totalSteps) {
        return schedule.rate(this, plateauRate, step, totalSteps);
    }
}
