package io.salience.training;

/**
 * Lowers the learning rate when a metric stops improving, with the semantics of PyTorch's
 * {@code ReduceLROnPlateau(mode="min", threshold_mode="rel")}: after more than {@code patience}
 * epochs without a relative improvement of {@code threshold}, the rate is multiplied by
 * {@code factor} (never below {@code minLearningRate}), then {@code cooldown} epochs pass before
 * bad epochs count again.
 *
 * <p>Its whole state is a {@link State} value, so a resumed job continues exactly where it was.
 */
public final class ReduceLrOnPlateau {

    /** PyTorch ignores reductions smaller than this. */
    private static final double MIN_CHANGE = 1e-8;

    /**
     * @param factor multiplier of the rate on a plateau, in (0, 1)
     * @param patience epochs without improvement that are tolerated
     * @param threshold relative improvement that counts as one
     * @param cooldown epochs after a reduction during which bad epochs are not counted
     * @param minLearningRate floor of the rate
     */
    public record Settings(double factor, int patience, double threshold, int cooldown, double minLearningRate) {
        public static final Settings DEFAULTS = new Settings(0.1, 2, 1e-4, 0, 1e-6);
    }

    /** Everything the scheduler remembers between epochs. */
    public record State(double learningRate, double best, int badEpochs, int cooldownLeft) {
        public static State initial(double learningRate) {
            return new State(learningRate, Double.POSITIVE_INFINITY, 0, 0);
        }
    }

    private final Settings settings;
    private State state;

    public ReduceLrOnPlateau(Settings settings, State state) {
        this.settings = settings;
        this.state = state;
    }

    public State state() {
        return state;
    }

    public double learningRate() {
        return state.learningRate();
    }

    /** Takes the epoch's metric (lower is better) and returns the rate for the next epoch. */
    public double step(double metric) {
        double best = state.best();
        int bad = state.badEpochs();
        int cooldown = state.cooldownLeft();
        double lr = state.learningRate();
        if (metric < best * (1 - settings.threshold())) {
            best = metric;
            bad = 0;
        } else {
            bad++;
        }
        if (cooldown > 0) {
            cooldown--;
            bad = 0;
        }
        if (bad > settings.patience()) {
            double reduced = Math.max(lr * settings.factor(), settings.minLearningRate());
            if (lr - reduced > MIN_CHANGE) {
                lr = reduced;
            }
            cooldown = settings.cooldown();
            bad = 0;
        }
        state = new State(lr, best, bad, cooldown);
        return lr;
    }
}
