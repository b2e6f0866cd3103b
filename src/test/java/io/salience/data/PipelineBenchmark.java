package io.salience.data;

import io.salience.data.augment.AugmentationSettings;
import io.salience.data.augment.TrainTransform;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Measures how many training images per second the input pipeline (augmentation + batching)
 * delivers. Not a test: run it by hand.
 *
 * <pre>java ... io.salience.data.PipelineBenchmark DATASET [WORKERS] [SECONDS]</pre>
 *
 * DATASET is a folder or .tar.gz in the CIFAR-10 binary layout.
 */
public final class PipelineBenchmark {

    private static final int BATCH_SIZE = 128;
    private static final long SEED = 42;

    private PipelineBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: PipelineBenchmark DATASET [WORKERS] [SECONDS]");
            System.exit(2);
        }
        Path path = Path.of(args[0]);
        int workers = args.length > 1 ? Integer.parseInt(args[1]) : Runtime.getRuntime().availableProcessors();
        double seconds = args.length > 2 ? Double.parseDouble(args[2]) : 20;

        ImageSplit train = new Cifar10BinaryReader().read("benchmark", path, Normalization.CIFAR10).train();
        AugmentationSettings augmentation = AugmentationSettings.DEFAULTS;
        TrainTransform transform = new TrainTransform(augmentation, Normalization.CIFAR10);
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            run(train, transform, pool, workers, Math.min(2, seconds / 10)); // warm-up: let the JIT compile
            double rate = run(train, transform, pool, workers, seconds);
            System.out.printf("pipeline: %.0f images/s with %d workers (batch %d, augmentation %s)%n", rate, workers,
                    BATCH_SIZE, augmentation.summary());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Runs whole epochs for about {@code seconds} and returns the images per second. */
    private static double run(ImageSplit train, TrainTransform transform, ExecutorService pool, int workers,
            double seconds) {
        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        long images = 0;
        for (int epoch = 0; System.nanoTime() < deadline; epoch++) {
            int[] order = BatchLoader.shuffledOrder(train.size(), SEED, epoch);
            try (BatchLoader loader =
                    new BatchLoader(train, order, BATCH_SIZE, transform, SEED, epoch, pool, 2 * workers)) {
                while (loader.hasNext() && System.nanoTime() < deadline) {
                    images += loader.next().size();
                }
            }
        }
        return images / ((System.nanoTime() - start) / 1e9);
    }
}
