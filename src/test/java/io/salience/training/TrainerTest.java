package io.salience.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import io.salience.TestEngine;
import io.salience.data.ImageDataset;
import io.salience.data.ImageSplit;
import io.salience.data.Normalization;
import io.salience.data.augment.AugmentationSettings;
import io.salience.support.TestDatasets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {

    private static final ExecutorService WORKERS = Executors.newFixedThreadPool(2);
    private static final ImageDataset DATA = dataset(48, 20);

    @TempDir
    Path dir;

    @AfterAll
    static void stopWorkers() {
        WORKERS.shutdownNow();
    }

    static ImageDataset dataset(int train, int test) {
        Random random = new Random(3);
        return new ImageDataset("tiny", "cifar10-binary", TestDatasets.CLASSES,
                split("train", TestDatasets.records(train, random)), split("test", TestDatasets.records(test, random)),
                Normalization.CIFAR10);
    }

    private static ImageSplit split(String name, byte[] records) {
        int n = records.length / TestDatasets.RECORD_BYTES;
        byte[] pixels = new byte[n * ImageSplit.IMAGE_BYTES];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            labels[i] = records[i * TestDatasets.RECORD_BYTES];
            System.arraycopy(records, i * TestDatasets.RECORD_BYTES + 1, pixels, i * ImageSplit.IMAGE_BYTES,
                    ImageSplit.IMAGE_BYTES);
        }
        return new ImageSplit(name, pixels, labels);
    }

    static TrainingSettings settings(int epochs, double lr) {
        return new TrainingSettings("tiny", epochs, 16, lr, 1e-4, 5, null, null, AugmentationSettings.DEFAULTS,
                ReduceLrOnPlateau.Settings.DEFAULTS, "reference", null, 0, 0, null);
    }

    private Trainer trainer() {
        return new Trainer(TestEngine.runtime(), WORKERS, 2, BatchPreparation.AHEAD);
    }

    private Trainer preparingInline() {
        return new Trainer(TestEngine.runtime(), WORKERS, 2, BatchPreparation.INLINE);
    }

    private Trainer loggingEveryStep() {
        return new Trainer(TestEngine.runtime(), WORKERS, 1, BatchPreparation.AHEAD);
    }

    /** Records what the trainer reports; cancels before the batch for which {@code cancelAt} holds. */
    static final class Recorder implements TrainingListener {
        final List<EpochResult> epochs = new ArrayList<>();
        final List<CheckpointFiles.Written> files = new ArrayList<>();
        final List<StepRecord> steps = new ArrayList<>();
        int batches;
        final IntPredicate cancelAt;

        Recorder(IntPredicate cancelAt) {
            this.cancelAt = cancelAt;
        }

        @Override
        public boolean cancelRequested() {
            return cancelAt.test(batches + 1);
        }

        @Override
        public void onBatch(int epoch, int done, int total, double imagesPerSecond, double learningRate,
                double runningLoss) {
            batches++;
        }

        @Override
        public void onStep(StepRecord step) {
            steps.add(step);
        }

        @Override
        public void onEpoch(EpochEnd end) {
            epochs.add(end.result());
            files.add(end.files());
        }
    }

    private float[] weights(Path checkpoint) throws IOException {
        try (NDManager manager = TestEngine.runtime().newManager()) {
            var model = CheckpointFiles.loadModel(checkpoint, manager);
            List<Float> all = new ArrayList<>();
            for (var p : model.getParameters()) {
                for (float v : p.getValue().getArray().toFloatArray()) {
                    all.add(v);
                }
            }
            float[] out = new float[all.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = all.get(i);
            }
            return out;
        }
    }

    /** Compares millions of weights without AssertJ's quadratic diff; reports the largest gap. */
    private static void assertIdentical(float[] actual, float[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        int differing = 0;
        double maxGap = 0;
        for (int i = 0; i < actual.length; i++) {
            if (Float.floatToIntBits(actual[i]) != Float.floatToIntBits(expected[i])) {
                differing++;
                maxGap = Math.max(maxGap, Math.abs(actual[i] - expected[i]));
            }
        }
        assertThat(differing).as("weights that differ (largest gap %s)", maxGap).isZero();
    }

    @Test
    void trainsEpochsWritesCheckpointsAndRepeatsItselfExactlyWhereverItsBatchesAreAssembled() throws IOException {
        Recorder first = new Recorder(b -> false);
        Trainer.Outcome outcome = trainer().run("a", settings(2, 1e-3), DATA, dir.resolve("a-last"), dir.resolve("a-best"), first);
        assertThat(outcome.history()).hasSize(2);
        assertThat(first.epochs).extracting(EpochResult::epoch).containsExactly(1, 2);
        assertThat(first.batches).isEqualTo(2 * 3);
        assertThat(first.files.get(0).best()).isNotNull();
        assertThat(Files.exists(dir.resolve("a-last"))).isTrue();
        assertThat(CheckpointFiles.readHeader(dir.resolve("a-last")).epoch()).isEqualTo(2);
        assertThat(outcome.bestAccuracy()).isEqualTo(
                first.epochs.stream().mapToDouble(EpochResult::testAccuracy).max().orElseThrow());

        // The second run assembles its batches on the training thread, the first on the workers.
        Recorder second = new Recorder(b -> false);
        preparingInline().run("b", settings(2, 1e-3), DATA, dir.resolve("b-last"), dir.resolve("b-best"), second);
        assertThat(second.batches).isEqualTo(first.batches);
        for (int i = 0; i < 2; i++) {
            EpochResult a = first.epochs.get(i);
            EpochResult b = second.epochs.get(i);
            assertThat(b.trainLoss()).isEqualTo(a.trainLoss());
            assertThat(b.testLoss()).isEqualTo(a.testLoss());
            assertThat(b.testAccuracy()).isEqualTo(a.testAccuracy());
        }
        assertIdentical(weights(dir.resolve("b-last")), weights(dir.resolve("a-last")));
    }

    @Test
    void aResumedRunEndsWithTheWeightsOfAnUninterruptedOne() throws IOException {
        trainer().run("whole", settings(2, 1e-3), DATA, dir.resolve("whole-last"), dir.resolve("whole-best"),
                new Recorder(b -> false));
        // The weights-only BEST file keeps format 2, which older instances read.
        assertThat(java.nio.ByteBuffer.wrap(Files.readAllBytes(dir.resolve("whole-best")), 4, 4).getInt()).isEqualTo(2);

        Path last = dir.resolve("split-last");
        trainer().run("split", settings(1, 1e-3), DATA, last, dir.resolve("split-best"), new Recorder(b -> false));
        Recorder resumed = new Recorder(b -> false);
        trainer().run("split", settings(2, 1e-3), DATA, last, dir.resolve("split-best"), resumed);

        assertThat(resumed.epochs).extracting(EpochResult::epoch).containsExactly(2);
        assertIdentical(weights(last), weights(dir.resolve("whole-last")));
    }

    /**
     * A LAST file of the previous release (format 2: no whitened stem, no schedule) resumes as a
     * plateau run without whitening; made here from a format-3 file by dropping those two fields.
     */
    @Test
    void aFormatTwoLastFileStillResumes() throws IOException {
        trainer().run("whole", settings(2, 1e-3), DATA, dir.resolve("f2-whole-last"), dir.resolve("f2-whole-best"),
                new Recorder(b -> false));
        Path last = dir.resolve("f2-split-last");
        trainer().run("split", settings(1, 1e-3), DATA, last, dir.resolve("f2-split-best"), new Recorder(b -> false));
        byte[] v3 = Files.readAllBytes(last);
        // whitenStem = false (one byte 0), then the schedule's id as modified UTF-8: length 7, "plateau".
        byte[] fields = {0, 0, 7, 'p', 'l', 'a', 't', 'e', 'a', 'u'};
        int at = -1;
        for (int i = 0; i + fields.length <= v3.length && at < 0; i++) {
            if (java.util.Arrays.equals(v3, i, i + fields.length, fields, 0, fields.length)) {
                at = i;
            }
        }
        assertThat(at).isPositive();
        byte[] v2 = new byte[v3.length - fields.length];
        System.arraycopy(v3, 0, v2, 0, at);
        System.arraycopy(v3, at + fields.length, v2, at, v3.length - at - fields.length);
        java.nio.ByteBuffer.wrap(v2).putInt(4, 2);
        Files.write(last, v2);

        Recorder resumed = new Recorder(b -> false);
        trainer().run("split", settings(2, 1e-3), DATA, last, dir.resolve("f2-split-best"), resumed);
        assertThat(resumed.epochs).extracting(EpochResult::epoch).containsExactly(2);
        assertIdentical(weights(last), weights(dir.resolve("f2-whole-last")));
    }

    /**
     * Every start-up option at once, with a warm-up that spans the epoch boundary, on a cosine
     * schedule, augmenting from epoch 2 on.
     */
    static TrainingSettings withEveryOption(int epochs) {
        return new TrainingSettings("tiny", epochs, 16, 1e-3, 1e-4, 5, null, null, new AugmentationSettings(true, 5, 16, 2),
                ReduceLrOnPlateau.Settings.DEFAULTS, "fast-start", new TrainingSettings.Initialization(true, true), 4,
                0.1, 0.5, LearningRateSchedule.COSINE);
    }

    @Test
    void aResumedRunWithEveryOptionEndsWithTheWeightsOfAnUninterruptedOne() throws IOException {
        Recorder whole = new Recorder(b -> false);
        loggingEveryStep().run("whole", withEveryOption(2), DATA, dir.resolve("o-whole-last"), dir.resolve("o-whole-best"), whole);

        // Stopped in the middle of epoch 2 (3 batches per epoch), as a shutdown would: the cosine
        // spans the job's planned steps, so the interrupted run has the same settings.
        Path last = dir.resolve("o-split-last");
        assertThatThrownBy(() -> loggingEveryStep().run("split", withEveryOption(2), DATA, last,
                dir.resolve("o-split-best"), new Recorder(b -> b == 5))).isInstanceOf(TrainingCancelledException.class);
        Recorder resumed = new Recorder(b -> false);
        loggingEveryStep().run("split", withEveryOption(2), DATA, last, dir.resolve("o-split-best"), resumed);

        assertIdentical(weights(last), weights(dir.resolve("o-whole-last")));
        // The warm-up counter survived the restart: epoch 2's steps 4..6 are the same in both runs.
        assertThat(resumed.steps).isEqualTo(whole.steps.subList(3, 6));
        // Half a cosine from 1e-3 to the floor 1e-6 over the run's 6 steps, times the warm-up's k/4.
        List<Double> rates = whole.steps.stream().map(StepRecord::learningRate).toList();
        assertThat(rates).hasSize(6);
        for (int k = 1; k <= 6; k++) {
            double cosine = 1e-6 + (1e-3 - 1e-6) * 0.5 * (1 + Math.cos(Math.PI * (k - 1) / 6));
            assertThat(rates.get(k - 1)).as("step %d", k).isCloseTo(cosine * Math.min(1, k / 4.0), within(1e-12));
        }
    }

    @Test
    void aLastCheckpointResumesOnlyTheRunWithItsOptions() throws IOException {
        Path last = dir.resolve("mismatch-last");
        trainer().run("m", withEveryOption(1), DATA, last, dir.resolve("mismatch-best"), new Recorder(b -> false));
        assertThatThrownBy(() -> trainer().run("m", settings(2, 1e-3), DATA, last, dir.resolve("mismatch-best"),
                new Recorder(b -> false)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("training options");
    }

    @Test
    void eachStartUpOptionAloneTrainsAndLogsItsSteps() throws IOException {
        TrainingSettings base = settings(1, 1e-3);
        List<TrainingSettings> variants = List.of(
                new TrainingSettings("tiny", 1, 16, 1e-3, 1e-4, 5, null, null, AugmentationSettings.DEFAULTS,
                        ReduceLrOnPlateau.Settings.DEFAULTS, "reference", new TrainingSettings.Initialization(true), 0,
                        0, null),
                new TrainingSettings("tiny", 1, 16, 1e-3, 1e-4, 5, null, null, AugmentationSettings.DEFAULTS,
                        ReduceLrOnPlateau.Settings.DEFAULTS, "reference", null, 2, 0, null),
                new TrainingSettings("tiny", 1, 16, 1e-3, 1e-4, 5, null, null, AugmentationSettings.DEFAULTS,
                        ReduceLrOnPlateau.Settings.DEFAULTS, "reference", null, 0, 0.1, null),
                new TrainingSettings("tiny", 1, 16, 1e-3, 1e-4, 5, null, null, AugmentationSettings.DEFAULTS,
                        ReduceLrOnPlateau.Settings.DEFAULTS, "reference", null, 0, 0, 1.0),
                new TrainingSettings("tiny", 1, 16, 1e-3, 1e-4, 5, null, null, AugmentationSettings.DEFAULTS,
                        ReduceLrOnPlateau.Settings.DEFAULTS, "reference", new TrainingSettings.Initialization(false, true),
                        0, 0, null),
                new TrainingSettings("tiny", 1, 16, 1e-3, 1e-4, 5, null, null, AugmentationSettings.DEFAULTS,
                        ReduceLrOnPlateau.Settings.DEFAULTS, "reference", null, 0, 0, null,
                        LearningRateSchedule.COSINE),
                new TrainingSettings("tiny", 1, 16, 1e-3, 1e-4, 5, null, null, AugmentationSettings.DEFAULTS,
                        ReduceLrOnPlateau.Settings.DEFAULTS, "reference", null, 0, 0, null,
                        LearningRateSchedule.LINEAR),
                new TrainingSettings("tiny", 1, 16, 1e-3, 1e-4, 5, null, null, new AugmentationSettings(true, 5, 16, 2),
                        ReduceLrOnPlateau.Settings.DEFAULTS, "reference", null, 0, 0, null));
        Recorder plain = new Recorder(b -> false);
        trainer().run("plain", base, DATA, dir.resolve("plain-last"), dir.resolve("plain-best"), plain);
        for (int v = 0; v < variants.size(); v++) {
            Recorder recorder = new Recorder(b -> false);
            trainer().run("v" + v, variants.get(v), DATA, dir.resolve("v" + v + "-last"), dir.resolve("v" + v + "-best"),
                    recorder);
            assertThat(recorder.epochs).hasSize(1);
            assertThat(recorder.epochs.get(0).trainLoss()).as("variant %d", v).isFinite()
                    .isNotEqualTo(plain.epochs.get(0).trainLoss());
            // Interval 2: steps 1 and 2 of the epoch's 3.
            assertThat(recorder.steps).extracting(StepRecord::step).containsExactly(1L, 2L);
            assertThat(recorder.steps).allSatisfy(s -> assertThat(s.gradientNorm()).isPositive().isFinite());
        }
    }

    @Test
    void epochsBeforeTheAugmentationsStartTrainOnThePlainImages() throws IOException {
        Recorder plain = new Recorder(b -> false);
        trainer().run("plain", new TrainingSettings("tiny", 2, 16, 1e-3, 1e-4, 5, null, null, AugmentationSettings.NONE,
                ReduceLrOnPlateau.Settings.DEFAULTS, "reference", null, 0, 0, null), DATA, dir.resolve("p-last"),
                dir.resolve("p-best"), plain);
        Recorder late = new Recorder(b -> false);
        trainer().run("late", new TrainingSettings("tiny", 2, 16, 1e-3, 1e-4, 5, null, null,
                new AugmentationSettings(true, 5, 16, 2), ReduceLrOnPlateau.Settings.DEFAULTS, "reference", null, 0, 0,
                null), DATA, dir.resolve("l-last"), dir.resolve("l-best"), late);
        // Epoch 1 is the plain run's, bit for bit; epoch 2 augments.
        assertThat(late.epochs.get(0).trainLoss()).isEqualTo(plain.epochs.get(0).trainLoss());
        assertThat(late.epochs.get(0).testLoss()).isEqualTo(plain.epochs.get(0).testLoss());
        assertThat(late.epochs.get(1).trainLoss()).isNotEqualTo(plain.epochs.get(1).trainLoss());
    }

    @Test
    void cancellationStopsBeforeTheRequestedBatch() {
        Recorder recorder = new Recorder(b -> b == 2);
        assertThatThrownBy(() -> trainer().run("c", settings(2, 1e-3), DATA, dir.resolve("c-last"),
                dir.resolve("c-best"), recorder))
                .isInstanceOf(TrainingCancelledException.class)
                .hasMessageContaining("epoch 1");
        assertThat(recorder.batches).isEqualTo(1);
        assertThat(Files.exists(dir.resolve("c-last"))).isFalse();
    }

    @Test
    void aDivergingLossFailsWithWhereItHappened() {
        assertThatThrownBy(() -> trainer().run("d", settings(2, 1e12), DATA, dir.resolve("d-last"),
                dir.resolve("d-best"), new Recorder(b -> false)))
                .isInstanceOf(NonFiniteLossException.class)
                .hasMessageMatching("the training loss became (NaN|Infinity|-Infinity) in epoch \\d+, (batch \\d+|batches \\d+-\\d+).*");
    }
}
