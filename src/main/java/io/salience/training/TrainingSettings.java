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
        ReduceLrOnPlateau.Settings scheduler) {}
