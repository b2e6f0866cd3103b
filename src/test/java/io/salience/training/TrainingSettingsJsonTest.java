package io.salience.training;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** Settings are stored as JSON with each job; those of older releases must still read. */
class TrainingSettingsJsonTest {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void settingsStoredBeforeTheScheduleAndTheWhitenedStemReadAsPlateauWithoutWhitening() {
        TrainingSettings old = json.readValue("""
                {"dataset": "cifar10", "epochs": 2, "batchSize": 64, "learningRate": 0.001, "weightDecay": 0.0001,
                 "seed": 1, "augmentation": {"randomCrop": true, "rotateDegrees": 5.0, "cutoutSize": 16},
                 "scheduler": {"factor": 0.1, "patience": 2, "threshold": 0.0001, "cooldown": 0, "minLearningRate": 1e-6},
                 "recipe": "fast-start", "initialization": {"zeroInitResidual": true}, "warmupSteps": 0,
                 "labelSmoothing": 0.0, "gradientClipNorm": null}""", TrainingSettings.class);
        assertThat(old.schedule()).isEqualTo(LearningRateSchedule.PLATEAU);
        assertThat(old.initialization().zeroInitResidual()).isTrue();
        assertThat(old.initialization().whitenStem()).isFalse();
        // Stored before the augmentation could start later: it augments from the first epoch.
        assertThat(old.augmentation().startEpoch()).isEqualTo(1);
    }

    @Test
    void aRecipeRoundTripsWithItsScheduleByName() {
        String written = json.writeValueAsString(Recipes.FAST_START.settings());
        assertThat(written).contains("\"schedule\":\"linear\"", "\"whitenStem\":true", "\"startEpoch\":1");
        assertThat(json.readValue(written, TrainingSettings.class)).isEqualTo(Recipes.FAST_START.settings());
    }
}
