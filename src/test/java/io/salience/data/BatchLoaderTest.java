package io.salience.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.salience.data.augment.AugmentationSettings;
import io.salience.data.augment.ImageTransform;
import io.salience.data.augment.TrainTransform;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BatchLoaderTest {

    /** Copies the pixels as floats and records the sample's first random int in the last float. */
    private static final ImageTransform COPY = (pixels, offset, out, outOffset, random) -> {
        for (int i = 0; i < ImageSplit.IMAGE_BYTES; i++) {
            out[outOffset + i] = pixels[offset + i] & 0xFF;
        }
        out[outOffset + ImageSplit.IMAGE_BYTES - 1] = random.nextInt(1000);
    };

    @Test
    void deliversBatchesInTheGivenOrderWithASmallerLastBatch() {
        ImageSplit split = TestData.split("train", 0, 1, 2, 0, 1, 2, 0, 1, 2, 0);
        int[] order = {9, 8, 7, 6, 5, 4, 3, 2, 1, 0};

        List<Batch> batches = readAll(new BatchLoader(split, order, 4, COPY, 5, 0, new RunNow(), 2));

        assertThat(batches).extracting(Batch::size).containsExactly(4, 4, 2);
        assertThat(batches.get(0).imageIds()).containsExactly(9, 8, 7, 6);
        assertThat(batches.get(0).labels()).containsExactly(0, 2, 1, 0);
        assertThat(batches.get(2).imageIds()).containsExactly(1, 0);
        assertThat(batches.get(2).labels()).containsExactly(1, 0);
        assertThat(batches.get(2).data()).hasSize(2 * ImageSplit.IMAGE_BYTES);
        // image 8 is the second of the first batch: its pixel 100 is generated pixel 100 of image 8
        assertThat(batches.get(0).data()[ImageSplit.IMAGE_BYTES + 100]).isEqualTo(TestData.pixels(8)[100] & 0xFF);
        assertThat(batches.get(0).data()[2 * ImageSplit.IMAGE_BYTES - 1])
                .isEqualTo(Seeds.sampleRandom(5, 0, 8).nextInt(1000));
    }

    @Test
    void keepsAtMostPrefetchBatchesInFlight() {
        ImageSplit split = TestData.split("train", new int[10]);
        RunNow executor = new RunNow();

        BatchLoader loader = new BatchLoader(split, BatchLoader.sequentialOrder(10), 2, COPY, 1, 0, executor, 3);

        assertThat(loader.batchCount()).isEqualTo(5);
        assertThat(executor.submitted).isEqualTo(3); // started before anyone asked
        loader.next();
        assertThat(executor.submitted).isEqualTo(4);
        loader.next();
        loader.next();
        assertThat(executor.submitted).isEqualTo(5);
        loader.next();
        loader.next();
        assertThat(loader.hasNext()).isFalse();
        assertThatThrownBy(loader::next).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void givesIdenticalBatchesWhateverTheNumberOfWorkers() throws Exception {
        ImageSplit split = TestData.split("train", new int[45]);
        TrainTransform transform = new TrainTransform(AugmentationSettings.DEFAULTS, Normalization.CIFAR10);
        int[] order = BatchLoader.shuffledOrder(45, 42, 3);

        List<Batch> oneWorker = readAll(split, order, transform, 3, 1);
        List<Batch> threeWorkers = readAll(split, order, transform, 3, 3);
        List<Batch> otherEpoch = readAll(split, order, transform, 4, 3);

        assertThat(threeWorkers).hasSize(6);
        for (int b = 0; b < oneWorker.size(); b++) {
            assertThat(threeWorkers.get(b).data()).containsExactly(oneWorker.get(b).data());
            assertThat(threeWorkers.get(b).imageIds()).containsExactly(oneWorker.get(b).imageIds());
            assertThat(otherEpoch.get(b).data()).isNotEqualTo(oneWorker.get(b).data());
        }
    }

    @Test
    void aWorkerExceptionSurfacesFromNext() {
        ImageSplit split = TestData.split("train", new int[6]);
        ImageTransform failing = (pixels, offset, out, outOffset, random) -> {
            if (offset == 4 * ImageSplit.IMAGE_BYTES) {
                throw new IllegalStateException("cannot transform image 4");
            }
        };
        BatchLoader loader = new BatchLoader(split, BatchLoader.sequentialOrder(6), 3, failing, 1, 0, new RunNow(), 2);

        assertThat(loader.next().size()).isEqualTo(3);
        assertThatThrownBy(loader::next).isInstanceOf(IllegalStateException.class).hasMessage("cannot transform image 4");
        assertThat(loader.hasNext()).isFalse();
    }

    @Test
    void closeCancelsTheBatchesInFlight() {
        ImageSplit split = TestData.split("train", new int[8]);
        NeverRuns executor = new NeverRuns();
        BatchLoader loader = new BatchLoader(split, BatchLoader.sequentialOrder(8), 2, COPY, 1, 0, executor, 3);

        loader.close();

        assertThat(executor.tasks).hasSize(3).allSatisfy(task -> assertThat(task.isCancelled()).isTrue());
        assertThat(loader.hasNext()).isFalse();
    }

    @Test
    void rejectsIndicesOutsideTheSplit() {
        ImageSplit split = TestData.split("train", 0, 0);

        assertThatThrownBy(() -> new BatchLoader(split, new int[] {0, 2}, 1, COPY, 1, 0, new RunNow(), 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static List<Batch> readAll(ImageSplit split, int[] order, ImageTransform transform, int epoch, int workers)
            throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            return readAll(new BatchLoader(split, order, 8, transform, 42, epoch, pool, 2 * workers));
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(1, TimeUnit.MINUTES);
        }
    }

    private static List<Batch> readAll(BatchLoader loader) {
        List<Batch> batches = new ArrayList<>();
        try (loader) {
            loader.forEachRemaining(batches::add);
        }
        return batches;
    }

    /** An executor for tests that decides itself when (or whether) tasks run. */
    private abstract static class ManualExecutor extends AbstractExecutorService {
        @Override
        public void shutdown() {}

        @Override
        public List<Runnable> shutdownNow() {
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return false;
        }

        @Override
        public boolean isTerminated() {
            return false;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }
    }

    /** Runs each task on submission, counting them. */
    private static final class RunNow extends ManualExecutor {
        int submitted;

        @Override
        public void execute(Runnable task) {
            submitted++;
            task.run();
        }
    }

    /** Keeps the submitted tasks without running them. */
    private static final class NeverRuns extends ManualExecutor {
        final List<Future<?>> tasks = new ArrayList<>();

        @Override
        public void execute(Runnable task) {
            tasks.add((Future<?>) task);
        }
    }
}
