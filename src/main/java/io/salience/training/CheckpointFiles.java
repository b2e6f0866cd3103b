package io.salience.training;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.salience.engine.HostReads;
import io.salience.model.CifarResNet;
import io.salience.storage.AtomicFiles;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The checkpoint file format: a header, the model's weights and, in a resumable (LAST)
 * checkpoint, everything needed to continue training exactly: Adam's moments, the scheduler's
 * state, the best accuracy and the metrics so far. Files are written to a temporary name and
 * renamed, so a crash never leaves half a checkpoint.
 */
public final class CheckpointFiles {

    private static final int MAGIC = 0x53414C43; // "SALC"
    /**
     * Format 2 adds the training options to resumable checkpoints, format 3 the whitened stem and
     * the schedule; older files still load.
     */
    private static final int VERSION = 3;
    private static final int FIRST_VERSION_WITH_OPTIONS = 2;
    private static final int FIRST_VERSION_WITH_SCHEDULE = 3;
    /**
     * Weights-only files (BEST) have not changed since format 2, so they keep saying 2: an older
     * instance sharing the storage during an upgrade still reads them.
     */
    private static final int WEIGHTS_VERSION = 2;

    /** What a checkpoint says about itself, readable without loading the weights. */
    public record Header(int numClasses, int epoch, double testAccuracy, double testLoss, boolean resumable) {}

    /** Where training state continues from. */
    public record TrainingState(double bestAccuracy, ReduceLrOnPlateau.State scheduler, List<EpochResult> history) {}

    /**
     * The options that change what an optimizer step does, kept with the optimizer's state so a
     * resumed run takes exactly the steps an uninterrupted one would (the warm-up counter is
     * Adam's step count, saved with its moments).
     */
    public record Options(boolean zeroInitResidual, int warmupSteps, double labelSmoothing, Double gradientClipNorm,
            boolean whitenStem, LearningRateSchedule schedule) {
        static final Options NONE = new Options(false, 0, 0, null, false, LearningRateSchedule.PLATEAU);

        public static Options of(TrainingSettings settings) {
            return new Options(settings.initialization().zeroInitResidual(), settings.warmupSteps(),
                    settings.labelSmoothing(), settings.gradientClipNorm(), settings.initialization().whitenStem(),
                    settings.schedule());
        }
    }

    /** The files an epoch wrote: LAST always, BEST when the epoch improved (else null). */
    public record Written(Path last, long lastSize, Path best, long bestSize) {}

    private CheckpointFiles() {}

    static void writeWeights(Path file, CifarResNet model, Header header) throws IOException {
        AtomicFiles.write(file, raw -> {
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 16));
            writeHeader(out, header, WEIGHTS_VERSION);
            saveParameters(model, out);
            out.flush();
        });
    }

    static void writeResumable(Path file, CifarResNet model, Header header, AdamOptimizer adam, TrainingState state,
            Options options) throws IOException {
        AtomicFiles.write(file, raw -> {
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 16));
            writeHeader(out, header, VERSION);
            saveParameters(model, out);
            out.writeDouble(state.bestAccuracy());
            ReduceLrOnPlateau.State s = state.scheduler();
            out.writeDouble(s.learningRate());
            out.writeDouble(s.best());
            out.writeInt(s.badEpochs());
            out.writeInt(s.cooldownLeft());
            out.writeInt(state.history().size());
            for (EpochResult r : state.history()) {
                out.writeInt(r.epoch());
                for (double v : new double[] {r.trainLoss(), r.trainAccuracy(), r.testLoss(), r.testAccuracy(),
                    r.learningRate(), r.durationSeconds()}) {
                    out.writeDouble(v);
                }
            }
            out.writeBoolean(options.zeroInitResidual());
            out.writeInt(options.warmupSteps());
            out.writeDouble(options.labelSmoothing());
            out.writeDouble(options.gradientClipNorm() == null ? Double.NaN : options.gradientClipNorm());
            out.writeBoolean(options.whitenStem());
            out.writeUTF(options.schedule().id());
            adam.save(out);
            out.flush();
        });
    }

    /** The engine's parameter format, with the host copies it makes closed at once (see {@link HostReads}). */
    private static void saveParameters(CifarResNet model, DataOutputStream out) throws IOException {
        List<ai.djl.ndarray.NDArray> arrays = model.getParameters().values().stream()
                .filter(Parameter::isInitialized).map(Parameter::getArray).toList();
        HostReads.lending(arrays, () -> model.saveParameters(out));
    }

    /** Reads only the header. */
    public static Header readHeader(Path file) throws IOException {
        try (DataInputStream in = open(file)) {
            return readHeaderFrom(in, file);
        }
    }

    /**
     * Builds a model from a checkpoint, its arrays in {@code manager}. The parameters do not
     * record gradients; a trainer switches that on itself.
     */
    public static CifarResNet loadModel(Path file, NDManager manager) throws IOException {
        return load(file, manager).model();
    }

    /** A model read from a checkpoint, with the header read from the same file. */
    public record Loaded(Header header, CifarResNet model) {}

    /** Reads header and weights in one pass, so that a file replaced meanwhile cannot mix two epochs. */
    public static Loaded load(Path file, NDManager manager) throws IOException {
        try (DataInputStream in = open(file)) {
            Header header = readHeaderFrom(in, file);
            CifarResNet model = new CifarResNet(header.numClasses());
            loadWeights(in, model, manager, file);
            return new Loaded(header, model);
        }
    }

    /** A run continued from a LAST checkpoint: the model, its optimizer and the rest of the state. */
    record Resumed(Header header, CifarResNet model, AdamOptimizer adam, TrainingState state) {}

    /**
     * Restores the weights, the optimizer and the rest of the training state from a LAST
     * checkpoint, which must have been written with the options of {@code settings}.
     */
    static Resumed loadResumable(Path file, NDManager manager, TrainingSettings settings) throws IOException {
        try (DataInputStream in = open(file)) {
            int version = readVersion(in, file);
            Header header = readHeaderBody(in);
            if (!header.resumable()) {
                throw new IOException(file + " holds weights only and cannot resume training");
            }
            CifarResNet model = new CifarResNet(header.numClasses());
            loadWeights(in, model, manager, file);
            List<Parameter> parameters = trainableParameters(model);
            double bestAccuracy = in.readDouble();
            ReduceLrOnPlateau.State scheduler =
                    new ReduceLrOnPlateau.State(in.readDouble(), in.readDouble(), in.readInt(), in.readInt());
            int epochs = in.readInt();
            List<EpochResult> history = new ArrayList<>(epochs);
            for (int i = 0; i < epochs; i++) {
                history.add(new EpochResult(in.readInt(), in.readDouble(), in.readDouble(), in.readDouble(),
                        in.readDouble(), in.readDouble(), in.readDouble()));
            }
            Options options = Options.NONE;
            if (version >= FIRST_VERSION_WITH_OPTIONS) {
                boolean zeroInit = in.readBoolean();
                int warmup = in.readInt();
                double smoothing = in.readDouble();
                double clip = in.readDouble();
                boolean whiten = false;
                LearningRateSchedule schedule = LearningRateSchedule.PLATEAU;
                if (version >= FIRST_VERSION_WITH_SCHEDULE) {
                    whiten = in.readBoolean();
                    try {
                        schedule = LearningRateSchedule.of(in.readUTF());
                    } catch (IllegalArgumentException e) {
                        throw new IOException(file + ": " + e.getMessage(), e);
                    }
                }
                options = new Options(zeroInit, warmup, smoothing, Double.isNaN(clip) ? null : clip, whiten, schedule);
            }
            if (!options.equals(Options.of(settings))) {
                throw new IOException(file + " was written with training options " + options + ", not "
                        + Options.of(settings) + "; it cannot resume this run");
            }
            AdamOptimizer adam = new AdamOptimizer(manager, parameters, settings.weightDecay());
            adam.load(in);
            return new Resumed(header, model, adam, new TrainingState(bestAccuracy, scheduler, List.copyOf(history)));
        }
    }

    /** The model's parameters, with gradient recording switched on (loading leaves it off). */
    static List<Parameter> trainableParameters(CifarResNet model) {
        List<Parameter> parameters = new ArrayList<>();
        for (Pair<String, Parameter> p : model.getParameters()) {
            p.getValue().getArray().setRequiresGradient(true);
            parameters.add(p.getValue());
        }
        return parameters;
    }

    private static void loadWeights(DataInputStream in, CifarResNet model, NDManager manager, Path file)
            throws IOException {
        try {
            model.loadParameters(manager, in);
        } catch (MalformedModelException e) {
            throw new IOException(file + " does not hold weights of this model: " + e.getMessage(), e);
        }
    }

    private static void writeHeader(DataOutputStream out, Header header, int version) throws IOException {
        out.writeInt(MAGIC);
        out.writeInt(version);
        out.writeInt(header.numClasses());
        out.writeInt(header.epoch());
        out.writeDouble(header.testAccuracy());
        out.writeDouble(header.testLoss());
        out.writeBoolean(header.resumable());
    }

    private static Header readHeaderFrom(DataInputStream in, Path file) throws IOException {
        readVersion(in, file);
        return readHeaderBody(in);
    }

    private static int readVersion(DataInputStream in, Path file) throws IOException {
        if (in.readInt() != MAGIC) {
            throw new IOException(file + " is not a Salience checkpoint");
        }
        int version = in.readInt();
        if (version < 1 || version > VERSION) {
            throw new IOException(file + " has checkpoint format " + version + "; this build reads 1 to " + VERSION);
        }
        return version;
    }

    private static Header readHeaderBody(DataInputStream in) throws IOException {
        return new Header(in.readInt(), in.readInt(), in.readDouble(), in.readDouble(), in.readBoolean());
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream raw = Files.newInputStream(file);
        return new DataInputStream(new BufferedInputStream(raw, 1 << 16));
    }
}
