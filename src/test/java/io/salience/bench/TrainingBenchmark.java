package io.salience.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.salience.TestEngine;
import io.salience.data.Cifar10BinaryReader;
import io.salience.data.ImageDataset;
import io.salience.data.Normalization;
import io.salience.data.augment.AugmentationSettings;
import io.salience.engine.DjlRuntime;
import io.salience.model.CifarResNet;
import io.salience.model.ModelFactory;
import io.salience.training.AdamOptimizer;
import io.salience.training.BatchPreparation;
import io.salience.training.ReduceLrOnPlateau;
import io.salience.training.Trainer;
import io.salience.training.TrainingListener;
import io.salience.training.TrainingSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Training throughput on this machine, in images per second: the model step alone (forward,
 * backward and Adam on a batch already in memory), and the whole loop of the service (data
 * pipeline, model step, progress reporting) over the first images of the dataset. Not a test.
 *
 * <pre>TrainingBenchmark DATASET [IMAGES=5120] [BATCH=128]</pre>
 *
 * <p>With {@code --end-to-end DATASET IMAGES BATCH...} it runs the whole loop only, one epoch over
 * the first IMAGES images per batch size, and prints {@code end-to-end batch B: X images/s} (the
 * figure PyTorch's {@code train_ref.py} reports as training images per second). Each measured epoch
 * follows an untimed one of two batches, so that the JVM's compiler has done its work, as in a
 * service that has been running for a while.
 *
 * <p>With {@code --model-step BATCH...} it measures the model step alone as PyTorch's
 * {@code bench_train.py} does (random data, 3 warm-up steps, then the median of 10 timed steps) and
 * prints one line per batch size: {@code model-step batch B: X images/s}.
 *
 * <p>The loop prepares its batches as the service would on this machine ({@link
 * BatchPreparation#forDevice}); {@code -Dsalience.training.prepare-batches-ahead=true|false} forces
 * one way.
 */
public final class TrainingBenchmark {

    private static final String PREPARE_AHEAD = System.getProperty("salience.training.prepare-batches-ahead");
    private static final BatchPreparation PREPARATION = BatchPreparation.of(
            PREPARE_AHEAD == null ? null : Boolean.valueOf(PREPARE_AHEAD), TestEngine.runtime().device(), 0);

    private TrainingBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (args[0].equals("--model-step")) {
            DjlRuntime runtime = TestEngine.runtime();
            for (int i = 1; i < args.length; i++) {
                int batch = Integer.parseInt(args[i]);
                System.out.printf("model-step batch %d: %.1f images/s%n", batch, medianModelStep(runtime, batch, 3, 10));
            }
            return;
        }
        if (args[0].equals("--end-to-end")) {
            DjlRuntime runtime = TestEngine.runtime();
            ImageDataset data = new Cifar10BinaryReader().read("cifar10", Path.of(args[1]), Normalization.CIFAR10);
            int images = Integer.parseInt(args[2]);
            for (int i = 3; i < args.length; i++) {
                int batch = Integer.parseInt(args[i]);
                System.out.printf("end-to-end batch %d: %.1f images/s%n", batch, endToEnd(runtime, data, images, batch));
            }
            return;
        }
        Path path = Path.of(args[0]);
        int images = args.length > 1 ? Integer.parseInt(args[1]) : 5120;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 128;
        DjlRuntime runtime = TestEngine.runtime();
        ImageDataset data = new Cifar10BinaryReader().read("cifar10", path, Normalization.CIFAR10);

        double modelOnly = modelStep(runtime, batch, images / batch);
        System.out.printf("model step alone:   %.1f images/s (batch %d, %d steps, forward + backward + Adam)%n",
                modelOnly, batch, images / batch);
        double whole = endToEnd(runtime, data, images, batch);
        System.out.printf("end-to-end epoch:   %.1f images/s (%d images, augmentation + batching + model step)%n",
                whole, images);
        System.out.printf("end-to-end / model step: %.1f%%%n", 100 * whole / modelOnly);
    }

    /** Training images per second of one epoch of the service's loop over the first {@code images} images. */
    private static double endToEnd(DjlRuntime runtime, ImageDataset data, int images, int batch) throws Exception {
        epoch(runtime, data, 2 * batch, batch); // warm-up, untimed
        return epoch(runtime, data, images, batch);
    }

    private static double epoch(DjlRuntime runtime, ImageDataset data, int images, int batch) throws Exception {
        ExecutorService workers = Executors.newFixedThreadPool(2);
        Path dir = Files.createTempDirectory("salience-bench");
        try {
            TrainingSettings settings = new TrainingSettings("cifar10", 1, batch, 0.001, 1e-4, 1, images, batch,
                    AugmentationSettings.DEFAULTS, ReduceLrOnPlateau.Settings.DEFAULTS, "reference", null, 0, 0, null);
            double[] lastRate = new double[1];
            new Trainer(runtime, workers, 10, PREPARATION).run("benchmark", settings, data, dir.resolve("last"), dir.resolve("best"),
                    new TrainingListener() {
                        @Override
                        public boolean cancelRequested() {
                            return false;
                        }

                        @Override
                        public void onBatch(int epoch, int done, int total, double imagesPerSecond, double lr,
                                double loss) {
                            lastRate[0] = imagesPerSecond;
                        }

                        @Override
                        public void onEpoch(EpochEnd end) {}
                    });
            return lastRate[0];
        } finally {
            workers.shutdownNow();
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Images per second over {@code steps} timed steps after one warm-up step (the whole loop's yardstick). */
    private static double modelStep(DjlRuntime runtime, int batch, int steps) {
        double total = java.util.Arrays.stream(stepSeconds(runtime, batch, 1, steps)).sum();
        return steps * batch / total;
    }

    /** Images per second from the median step time, after {@code warm} untimed steps (as bench_train.py). */
    private static double medianModelStep(DjlRuntime runtime, int batch, int warm, int steps) {
        double[] seconds = stepSeconds(runtime, batch, warm, steps);
        java.util.Arrays.sort(seconds);
        double median = steps % 2 == 1 ? seconds[steps / 2] : (seconds[steps / 2 - 1] + seconds[steps / 2]) / 2;
        return batch / median;
    }

    /** The time of each of {@code steps} model steps on random data, after {@code warm} untimed ones. */
    private static double[] stepSeconds(DjlRuntime runtime, int batch, int warm, int steps) {
        try (NDManager manager = runtime.newManager()) {
            CifarResNet model = ModelFactory.create(manager, 10, 1);
            var parameters = new ArrayList<ai.djl.nn.Parameter>();
            model.getParameters().forEach(p -> parameters.add(p.getValue()));
            ParameterStore ps = new ParameterStore(manager, false);
            Random random = new Random(1);
            float[] pixels = new float[batch * 3072];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = (float) random.nextGaussian();
            }
            int[] labels = new int[batch];
            for (int i = 0; i < batch; i++) {
                labels[i] = i % 10;
            }
            try (AdamOptimizer adam = new AdamOptimizer(manager, parameters, 1e-4)) {
                for (int s = 0; s < warm; s++) {
                    step(runtime, manager, model, ps, adam, pixels, labels, batch);
                }
                double[] seconds = new double[steps];
                for (int s = 0; s < steps; s++) {
                    long start = System.nanoTime();
                    step(runtime, manager, model, ps, adam, pixels, labels, batch);
                    seconds[s] = (System.nanoTime() - start) / 1e9;
                }
                return seconds;
            }
        }
    }

    private static void step(DjlRuntime runtime, NDManager manager, CifarResNet model, ParameterStore ps,
            AdamOptimizer adam, float[] pixels, int[] labels, int batch) {
        try (NDManager m = manager.newSubManager()) {
            NDArray x = m.create(pixels, new Shape(batch, 3, 32, 32));
            NDArray oneHot = m.create(labels).oneHot(10);
            try (var session = runtime.collectGradients()) {
                NDArray scores = model.forward(ps, new NDList(x), true).singletonOrThrow();
                NDArray loss = scores.logSoftmax(1).mul(oneHot).sum().div(-batch);
                session.collector().backward(loss);
                loss.getFloat();
            }
            adam.step(0.001);
        }
    }
}
