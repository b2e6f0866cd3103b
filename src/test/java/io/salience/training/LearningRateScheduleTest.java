package io.salience.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.salience.data.augment.AugmentationSettings;
import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

    private static TrainingSettings settings(LearningRateSchedule schedule, int warmup, double minRate) {
        return new TrainingSettings("tiny", 2, 16, 0.002, 0, 1, null, null, AugmentationSettings.DEFAULTS,
                new ReduceLrOnPlateau.Settings(0.1, 2, 1e-4, 0, minRate), "reference", null, warmup, 0, null,
                schedule);
    }

    @Test
    void plateauPassesTheSchedulersRateOn() {
        TrainingSettings s = settings(LearningRateSchedule.PLATEAU, 0, 1e-6);
        assertThat(s.scheduledRate(0.0002, 1, 100)).isEqualTo(0.0002);
        assertThat(s.scheduledRate(0.0002, 99, 100)).isEqualTo(0.0002);
    }

    @Test
    void cosineGoesFromTheRateToTheFloorOverTheRunsSteps() {
        TrainingSettings s = settings(LearningRateSchedule.COSINE, 0, 1e-5);
        assertThat(s.scheduledRate(0.5, 1, 100)).isEqualTo(0.002);
        assertThat(s.scheduledRate(0.5, 51, 100)).isCloseTo((0.002 + 1e-5) / 2, within(1e-15));
        assertThat(s.scheduledRate(0.5, 26, 100)).isCloseTo(1e-5 + (0.002 - 1e-5) * (1 + Math.sqrt(0.5)) / 2,
                within(1e-15));
        assertThat(s.scheduledRate(0.5, 100, 100)).isGreaterThan(1e-5).isLessThan(1.1e-5);
        // It ignores ReduceLROnPlateau's rate and never rises.
        double previous = Double.MAX_VALUE;
        for (long step = 1; step <= 100; step++) {
            double rate = s.scheduledRate(123, step, 100);
            assertThat(rate).isLessThanOrEqualTo(previous);
            previous = rate;
        }
    }

    @Test
    void linearGoesFromTheRateToTheFloorInEqualSteps() {
        TrainingSettings s = settings(LearningRateSchedule.LINEAR, 0, 1e-5);
        assertThat(s.scheduledRate(0.5, 1, 100)).isEqualTo(0.002);
        assertThat(s.scheduledRate(0.5, 51, 100)).isCloseTo((0.002 + 1e-5) / 2, within(1e-15));
        assertThat(s.scheduledRate(0.5, 26, 100)).isCloseTo(1e-5 + (0.002 - 1e-5) * 0.75, within(1e-15));
        assertThat(s.scheduledRate(0.5, 100, 100)).isCloseTo(1e-5 + (0.002 - 1e-5) / 100, within(1e-15));
        // Every step takes the same amount off, whatever ReduceLROnPlateau holds.
        for (long step = 2; step <= 100; step++) {
            assertThat(s.scheduledRate(123, step - 1, 100) - s.scheduledRate(7, step, 100))
                    .as("step %d", step).isCloseTo((0.002 - 1e-5) / 100, within(1e-15));
        }
        // A floor above the rate keeps the rate.
        assertThat(settings(LearningRateSchedule.LINEAR, 0, 0.01).scheduledRate(0, 70, 100)).isEqualTo(0.002);
    }

    @Test
    void aWarmUpMultipliesTheCosine() {
        TrainingSettings s = settings(LearningRateSchedule.COSINE, 10, 0);
        double cosine = s.scheduledRate(0, 5, 40);
        assertThat(s.warmedUp(cosine, 5)).isCloseTo(0.002 * 0.5 * (1 + Math.cos(Math.PI * 4 / 40)) * 5 / 10,
                within(1e-15));
    }

    @Test
    void schedulesAreNamedInLowerCase() {
        assertThat(LearningRateSchedule.of("cosine")).isEqualTo(LearningRateSchedule.COSINE);
        assertThat(LearningRateSchedule.PLATEAU.id()).isEqualTo("plateau");
        assertThat(LearningRateSchedule.of("linear")).isEqualTo(LearningRateSchedule.LINEAR);
        assertThatThrownBy(() -> LearningRateSchedule.of("step")).hasMessageContaining("plateau, cosine, linear");
        assertThat(settings(null, 0, 0).schedule()).isEqualTo(LearningRateSchedule.PLATEAU);
    }
}
