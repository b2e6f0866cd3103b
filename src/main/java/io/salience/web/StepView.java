package io.salience.web;

import io.salience.jobs.StepMetric;

/** One logged optimizer step: training loss before it, the rate it used, the gradient norm before clipping. */
public record StepView(long step, int epoch, double loss, double learningRate, Double gradientNorm) {

    static StepView of(StepMetric m) {
        return new StepView(m.getStep(), m.getEpoch(), m.getLoss(), m.getLearningRate(), m.getGradientNorm());
    }
}
