package io.salience.training;

/**
 * One optimizer step as the per-step curves show it.
 *
 * @param step global optimizer step, 1-based, counted across epochs
 * @param epoch the epoch it belongs to
 * @param loss the batch's training loss before the step (label smoothing included)
 * @param learningRate the rate the step used (warm-up included)
 * @param gradientNorm total L2 norm of all gradients, before clipping and weight decay
 */
public record StepRecord(long step, int epoch, double loss, double learningRate, double gradientNorm) {}
