package io.salience.training;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How the learning rate moves during a run; a new schedule is one constant here and its rate (the
 * API's validation, the console's form and the checkpoint file take the names from here).
 */
public enum LearningRateSchedule {

    /** ReduceLROnPlateau on the test loss, once per epoch (the reference run's). */
    PLATEAU {
        @Override
        double rate(TrainingSettings settings, double plateauRate, long step, long totalSteps) {
            return plateauRate;
        }
    },

    /**
     * Per optimizer step, from the learning rate down to the scheduler's minimum along half a
     * cosine over the run's steps (PyTorch's CosineAnnealingLR with T_max = the run's steps,
     * stepped per step): step 1 uses the full rate, the last step the lowest, just above the
     * minimum, so a run ends with small steps however short it is. A minimum at or above the
     * rate keeps the rate constant.
     */
    COSINE {
        @Override
        double rate(TrainingSettings settings, double plateauRate, long step, long totalSteps) {
            double top = settings.learningRate();
            double bottom = Math.min(settings.scheduler().minLearningRate(), top);
            return bottom + (top - bottom) * 0.5 * (1 + Math.cos(Math.PI * progress(step, totalSteps)));
        }
    },

    /**
     * Per optimizer step, from the learning rate down to the scheduler's minimum along a straight
     * line over the run's steps (PyTorch's LinearLR from factor 1 to minimum / rate over the run's
     * steps, stepped per step): compared with the cosine it leaves the full rate sooner and spends
     * more of a short run at middling rates. A minimum at or above the rate keeps the rate constant.
     */
    LINEAR {
        @Override
        double rate(TrainingSettings settings, double plateauRate, long step, long totalSteps) {
            double top = settings.learningRate();
            double bottom = Math.min(settings.scheduler().minLearningRate(), top);
            return bottom + (top - bottom) * (1 - progress(step, totalSteps));
        }
    };

    /** How far step {@code step} (1-based) is into a run of {@code totalSteps}: 0 at step 1, below 1 at the last. */
    static double progress(long step, long totalSteps) {
        return Math.min(1.0, (double) (step - 1) / Math.max(1, totalSteps));
    }

    /**
     * The rate of optimizer step {@code step} (1-based) of a run of {@code totalSteps}, before any
     * warm-up; {@code plateauRate} is what ReduceLROnPlateau holds for the current epoch.
     */
    abstract double rate(TrainingSettings settings, double plateauRate, long step, long totalSteps);

    /** Whether ReduceLROnPlateau steers the rate (otherwise its state stays as it started). */
    public boolean usesPlateau() {
        return this == PLATEAU;
    }

    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static LearningRateSchedule of(String id) {
        return find(id).orElseThrow(() -> new IllegalArgumentException("unknown schedule '" + id + "'; known: " + ids()));
    }

    /** The schedule named {@code id}, if there is one. */
    public static Optional<LearningRateSchedule> find(String id) {
        return Arrays.stream(values()).filter(s -> s.id().equals(id)).findFirst();
    }

    /** Every schedule's name, in declaration order. */
    public static List<String> names() {
        return Arrays.stream(values()).map(LearningRateSchedule::id).toList();
    }

    public static String ids() {
        return String.join(", ", names());
    }
}
