package io.salience.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.salience.data.BatchLoader;
import io.salience.data.ImageDataset;
import io.salience.data.ImageSplit;
import io.salience.data.augment.AugmentationSettings;
import io.salience.data.augment.TrainTransform;
import io.salience.engine.DjlRuntime;
import io.salience.engine.HostReads;
import io.salience.model.CifarResNet;
import io.salience.model.ModelFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.task.SyncTaskExecutor;
import org.springframework.core.task.support.ExecutorServiceAdapter;

/**
 * The training loop: cross-entropy, Adam with coupled L2, ReduceLROnPlateau on the test loss or a
 * per-step cosine or linear decay, augmentation from its start epoch on, the start-up options of
 * {@link TrainingSettings} (zero-init residual, whitened stem, warm-up, label smoothing, gradient
 * clipping), a test evaluation and checkpoints after every epoch. It knows nothing of HTTP or
 * databases; it reports through a {@link TrainingListener}.
 *
 * <p>A run whose LAST checkpoint file already exists continues from it, with the optimizer's
 * moments and the scheduler's state restored. Shuffling and augmentation depend only on the seed
 * and the epoch, so a resumed run ends with the same weights as an uninterrupted one.
 */
public final class Trainer {

    private static final Logger log = LoggerFactory.getLogger(Trainer.class);
    private static final int PREFETCH_BATCHES = 4;
    /** Runs each task when it is submitted, on the submitting thread (for {@link BatchPreparation#INLINE}). */
    private static final ExecutorService ON_THIS_THREAD = new ExecutorServiceAdapter(new SyncTaskExecutor());

    private final DjlRuntime runtime;
    private final ExecutorService dataWorkers;
    private final Evaluator evaluator;
    private final int stepLogInterval;
    private final BatchPreparation preparation;

    /**
     * @param stepLogInterval report every this many optimizer steps (and the first) to the listener
     * @param preparation where training batches are assembled; the weights are the same either way
     */
    public Trainer(DjlRuntime runtime, ExecutorService dataWorkers, int stepLogInterval, BatchPreparation preparation) {
        if (stepLogInterval < 1) {
            throw new IllegalArgumentException("the step log interval must be >= 1, not " + stepLogInterval);
        }
        this.runtime = runtime;
        this.dataWorkers = dataWorkers;
        this.evaluator = new Evaluator(runtime, dataWorkers);
        this.stepLogInterval = stepLogInterval;
        this.preparation = preparation;
    }

    /** The result of a finished run: every epoch's metrics and the best test accuracy. */
    public record Outcome(List<EpochResult> history, double bestAccuracy) {}

    /**
     * Trains until {@code settings.epochs()}, or from where {@code lastFile} left off.
     *
     * @param name how log lines name the run, e.g. "job 7"
     * @param lastFile the resumable checkpoint, rewritten after every epoch
     * @param bestFile the weights of the best epoch, rewritten when test accuracy improves
     */
    public Outcome run(String name, TrainingSettings settings, ImageDataset data, Path lastFile, Path bestFile,
            TrainingListener listener) throws IOException {
        ImageSplit train = limit(data.train(), settings.trainLimit());
        ImageSplit test = limit(data.test(), settings.testLimit());
        int numClasses = data.classes().size();
        try (NDManager manager = runtime.newManager()) {
            long stepsPerEpoch = (train.size() + settings.batchSize() - 1) / settings.batchSize();
            long totalSteps = stepsPerEpoch * settings.epochs();
            RunState state = Files.exists(lastFile)
                    ? resume(name, lastFile, bestFile, manager, settings, stepsPerEpoch, totalSteps, listener)
                    : start(name, manager, numClasses, settings, train, data);
            try (AdamOptimizer adam = state.adam) {
                TrainTransform augmented = new TrainTransform(settings.augmentation(), data.normalization());
                TrainTransform plain = new TrainTransform(AugmentationSettings.NONE, data.normalization());
                for (int epoch = state.nextEpoch; epoch <= settings.epochs(); epoch++) {
                    // Epochs before the augmentation's start see the images as a test would.
                    TrainTransform transform = settings.augmentation().augments(epoch) ? augmented : plain;
                    long started = System.nanoTime();
                    double plateauRate = state.scheduler.learningRate();
                    // The epoch's rate as reported: the schedule's at its first step, before warm-up.
                    double lr = settings.scheduledRate(plateauRate, (epoch - 1) * stepsPerEpoch + 1, totalSteps);
                    double[] trainMetrics = trainEpoch(name, epoch, settings, state.model, adam, plateauRate, totalSteps,
                            train, transform, manager, listener);
                    Evaluator.Evaluation eval = evaluator.evaluate(state.model, manager, test, data.normalization());
                    if (settings.schedule().usesPlateau()) {
                        state.scheduler.step(eval.loss());
                    }
                    double nextRate = settings.scheduledRate(state.scheduler.learningRate(), epoch * stepsPerEpoch + 1,
                            totalSteps);
                    EpochResult result = new EpochResult(epoch, trainMetrics[0], trainMetrics[1], eval.loss(),
                            eval.accuracy(), lr, (System.nanoTime() - started) / 1e9);
                    state.history.add(result);
                    listener.beforeCheckpoints(epoch);
                    CheckpointFiles.Written written = writeCheckpoints(state, settings, result, numClasses, adam, lastFile,
                            bestFile);
                    log.info("{}: epoch {}/{} train loss {} acc {}%, test loss {} acc {}%, lr {}, {} s", name, epoch,
                            settings.epochs(), f4(result.trainLoss()), pct(result.trainAccuracy()), f4(result.testLoss()),
                            pct(result.testAccuracy()), lr, Math.round(result.durationSeconds()));
                    listener.onEpoch(new TrainingListener.EpochEnd(result, List.copyOf(state.history), written,
                            nextRate, state.bestAccuracy, eval.mistakes()));
                }
            }
            return new Outcome(List.copyOf(state.history), state.bestAccuracy);
        }
    }

    private static final class RunState {
        CifarResNet model;
        AdamOptimizer adam;
        ReduceLrOnPlateau scheduler;
        double bestAccuracy;
        List<EpochResult> history;
        int nextEpoch;
    }

    private static RunState start(String name, NDManager manager, int numClasses, TrainingSettings settings,
            ImageSplit train, ImageDataset data) {
        RunState s = new RunState();
        s.model = ModelFactory.create(manager, numClasses, settings.seed(),
                settings.initialization().zeroInitResidual());
        if (settings.initialization().whitenStem()) {
            NDArray stem = s.model.stemWeight();
            long started = System.nanoTime();
            stem.set(StemWhitening.apply(stem.toFloatArray(), train, data.normalization()));
            log.info("{}: stem filters start whitened, from the 3x3 patches of {} training images ({} ms)", name,
                    Math.min(train.size(), StemWhitening.MAX_IMAGES), (System.nanoTime() - started) / 1_000_000);
        }
        s.adam = new AdamOptimizer(manager, CheckpointFiles.trainableParameters(s.model), settings.weightDecay());
        s.scheduler = new ReduceLrOnPlateau(settings.scheduler(), ReduceLrOnPlateau.State.initial(settings.learningRate()));
        s.bestAccuracy = -1;
        s.history = new ArrayList<>();
        s.nextEpoch = 1;
        return s;
    }

    private static RunState resume(String name, Path lastFile, Path bestFile, NDManager manager,
            TrainingSettings settings, long stepsPerEpoch, long totalSteps, TrainingListener listener)
            throws IOException {
        CheckpointFiles.Resumed resumed = CheckpointFiles.loadResumable(lastFile, manager, settings);
        RunState s = new RunState();
        s.model = resumed.model();
        s.adam = resumed.adam();
        s.scheduler = new ReduceLrOnPlateau(settings.scheduler(), resumed.state().scheduler());
        s.bestAccuracy = resumed.state().bestAccuracy();
        s.history = new ArrayList<>(resumed.state().history());
        s.nextEpoch = resumed.header().epoch() + 1;
        log.info("{}: resuming after epoch {} of {}", name, resumed.header().epoch(), settings.epochs());
        boolean best = Files.exists(bestFile);
        listener.onResumed(new TrainingListener.Resumed(List.copyOf(s.history), resumed.header(), Files.size(lastFile),
                best ? CheckpointFiles.readHeader(bestFile) : null, best ? Files.size(bestFile) : 0,
                settings.scheduledRate(s.scheduler.learningRate(), resumed.header().epoch() * stepsPerEpoch + 1,
                        totalSteps), s.bestAccuracy));
        return s;
    }

    /**
     * Returns {mean loss, accuracy} over the epoch's training batches. Loss and correct answers are
     * summed on the device and read only at the steps that are logged or reported (the first
     * batch, every {@code stepLogInterval}-th step, each tenth of the epoch, the last batch), so
     * the device never waits for the host in between.
     */
    private double[] trainEpoch(String name, int epoch, TrainingSettings settings, CifarResNet model, AdamOptimizer adam,
            double plateauRate, long totalSteps, ImageSplit train, TrainTransform transform, NDManager manager,
            TrainingListener listener) {
        TrainingStep step = new TrainingStep(runtime, model, adam, settings);
        int[] order = BatchLoader.shuffledOrder(train.size(), settings.seed(), epoch);
        int seen = 0;
        long started = System.nanoTime();
        boolean ahead = preparation == BatchPreparation.AHEAD;
        // Inline, a batch is assembled and copied on this thread when the previous one is taken.
        ExecutorService transfer = ahead ? Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "batch-transfer");
            t.setDaemon(true);
            return t;
        }) : ON_THIS_THREAD;
        BatchLoader loader = new BatchLoader(train, order, settings.batchSize(), transform, settings.seed(), epoch,
                ahead ? dataWorkers : ON_THIS_THREAD, ahead ? PREFETCH_BATCHES : 1);
        int batches = loader.batchCount();
        try (NDManager epochManager = manager.newSubManager();
                DeviceBatches deviceBatches = new DeviceBatches(loader, epochManager, transfer)) {
            NDArray lossSum = epochManager.zeros(new Shape(), DataType.FLOAT64);
            NDArray correctSum = epochManager.zeros(new Shape(), DataType.INT64);
            double lossRead = Double.NaN;
            long correctRead = 0;
            int seenRead = 0;
            int readAfterBatch = 0;
            int nextLogAt = Math.max(1, batches / 10);
            for (int b = 1; deviceBatches.hasNext(); b++) {
                if (listener.cancelRequested()) {
                    throw new TrainingCancelledException(epoch, b);
                }
                long stepNumber = adam.steps() + 1;
                boolean logStep = stepNumber == 1 || stepNumber % stepLogInterval == 0;
                boolean logLine = b == nextLogAt || b == batches;
                TrainingStep.Result result;
                try (DeviceBatches.DeviceBatch batch = deviceBatches.next()) {
                    double rate = settings.scheduledRate(plateauRate, stepNumber, totalSteps);
                    result = step.run(batch.manager(), batch.images(), batch.labels(), rate, logStep);
                    lossSum.addi(result.lossArray().toType(DataType.FLOAT64, false).mul(batch.size()));
                    correctSum.addi(result.scoresArray().argMax(1).toType(DataType.INT32, false).eq(batch.labels()).sum());
                    seen += batch.size();
                    if (b == 1 || logStep || logLine) {
                        lossRead = HostReads.scalar(lossSum);
                        correctRead = (long) HostReads.scalar(correctSum);
                        seenRead = seen;
                        if (!Double.isFinite(lossRead)) {
                            throw new NonFiniteLossException(lossRead, epoch, readAfterBatch + 1, b);
                        }
                        readAfterBatch = b;
                        if (logStep) {
                            listener.onStep(new StepRecord(stepNumber, epoch, result.loss(), result.learningRate(),
                                    result.gradientNorm()));
                        }
                    }
                }
                double imagesPerSecond = seen / ((System.nanoTime() - started) / 1e9);
                listener.onBatch(epoch, b, batches, imagesPerSecond, result.learningRate(), lossRead / seenRead);
                if (logLine) {
                    log.info("{}: epoch {}/{} {}% ({}/{} batches) loss {} acc {}% at {} images/s", name, epoch,
                            settings.epochs(), 100 * b / batches, b, batches, f4(lossRead / seenRead),
                            pct((double) correctRead / seenRead), Math.round(imagesPerSecond));
                    nextLogAt += Math.max(1, batches / 10);
                }
            }
            return new double[] {lossRead / seenRead, (double) correctRead / seenRead};
        } finally {
            if (ahead) {
                transfer.shutdownNow();
            }
        }
    }

    private CheckpointFiles.Written writeCheckpoints(RunState state, TrainingSettings settings, EpochResult result,
            int numClasses,
            AdamOptimizer adam, Path lastFile, Path bestFile) throws IOException {
        boolean improved = result.testAccuracy() > state.bestAccuracy;
        if (improved) {
            state.bestAccuracy = result.testAccuracy();
            CheckpointFiles.writeWeights(bestFile, state.model,
                    new CheckpointFiles.Header(numClasses, result.epoch(), result.testAccuracy(), result.testLoss(), false));
        }
        CheckpointFiles.writeResumable(lastFile, state.model,
                new CheckpointFiles.Header(numClasses, result.epoch(), result.testAccuracy(), result.testLoss(), true),
                adam, new CheckpointFiles.TrainingState(state.bestAccuracy, state.scheduler.state(), state.history),
                CheckpointFiles.Options.of(settings));
        return new CheckpointFiles.Written(lastFile, Files.size(lastFile), improved ? bestFile : null,
                improved ? Files.size(bestFile) : 0);
    }

    static ImageSplit limit(ImageSplit split, Integer limit) {
        return limit == null ? split : split.limit(limit);
    }

    private static String f4(double v) {
        return String.format("%.4f", v);
    }

    private static String pct(double fraction) {
        return String.format("%.2f", 100 * fraction);
    }
}
