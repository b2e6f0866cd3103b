package io.salience.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.salience.training.ReduceLrOnPlateau.Settings;
import io.salience.training.ReduceLrOnPlateau.State;
import org.junit.jupiter.api.Test;

class ReduceLrOnPlateauTest {

    private static double[] run(Settings settings, double lr, double... losses) {
        ReduceLrOnPlateau scheduler = new ReduceLrOnPlateau(settings, State.initial(lr));
        double[] rates = new double[losses.length];
        for (int i = 0; i < losses.length; i++) {
            rates[i] = scheduler.step(losses[i]);
        }
        return rates;
    }

    @Test
    void reducesAfterMoreThanPatienceBadEpochs() {
        // Worked by hand with PyTorch's rules (patience 2, factor 0.1, rel threshold 1e-4):
        // 1.0 best; 0.9 best; 0.95 bad 1; 0.91 bad 2; 0.92 bad 3 > 2 -> lr 0.1, bad 0;
        // 0.85 best; 0.86 bad 1; 0.87 bad 2; 0.88 bad 3 -> lr 0.01.
        double[] rates = run(Settings.DEFAULTS, 1.0, 1.0, 0.9, 0.95, 0.91, 0.92, 0.85, 0.86, 0.87, 0.88);
        assertThat(rates).containsExactly(new double[] {1, 1, 1, 1, 0.1, 0.1, 0.1, 0.1, 0.01}, within(1e-12));
    }

    @Test
    void improvementsSmallerThanTheRelativeThresholdCountAsBad() {
        // 1.0 -> 0.99995 is a 0.005% improvement, below 0.01%: bad epochs.
        double[] rates = run(Settings.DEFAULTS, 0.001, 1.0, 0.99995, 0.99991, 0.99990);
        assertThat(rates).containsExactly(new double[] {0.001, 0.001, 0.001, 0.0001}, within(1e-15));
    }

    @Test
    void cooldownSuspendsCountingAfterAReduction() {
        Settings settings = new Settings(0.5, 0, 1e-4, 2, 0);
        // patience 0: every bad epoch reduces, except during the 2 cooldown epochs after one.
        double[] rates = run(settings, 1.0, 1.0, 2, 2, 2, 2, 2, 2);
        assertThat(rates).containsExactly(new double[] {1, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25}, within(1e-12));
    }

    @Test
    void neverGoesBelowTheMinimumRate() {
        Settings settings = new Settings(0.1, 0, 1e-4, 0, 0.05);
        double[] rates = run(settings, 1.0, 1, 1, 1, 1);
        assertThat(rates).containsExactly(new double[] {1, 0.1, 0.05, 0.05}, within(1e-12));
    }

    @Test
    void stateRoundTripContinuesTheSameSequence() {
        ReduceLrOnPlateau first = new ReduceLrOnPlateau(Settings.DEFAULTS, State.initial(1));
        first.step(1.0);
        first.step(1.1);
        ReduceLrOnPlateau resumed = new ReduceLrOnPlateau(Settings.DEFAULTS, first.state());
        assertThat(resumed.step(1.2)).isEqualTo(first.step(1.2));
        assertThat(resumed.step(1.3)).isEqualTo(first.step(1.3)).isEqualTo(0.1);
    }
}
