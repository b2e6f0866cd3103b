package io.salience.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import io.salience.TestEngine;
import io.salience.data.BatchLoader;
import io.salience.data.ImageSplit;
import io.salience.data.augment.ImageTransform;
import java.util.ArrayList;
import java.util.List;
import java.lang.reflect.Proxy;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeviceBatchesTest {

    /** Pixel values as floats, so each image's arrays can be traced back to it. */
    private static final ImageTransform COPY = (pixels, offset, out, outOffset, random) -> {
        for (int i = 0; i < ImageSplit.IMAGE_BYTES; i++) {
            out[outOffset + i] = pixels[offset + i] & 0xFF;
        }
    };

    private final ExecutorService workers = Executors.newFixedThreadPool(2);
    private final ExecutorService transfer = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() {
        workers.shutdownNow();
        transfer.shutdownNow();
    }

    /** Ten images; image i has every pixel equal to i and label i % 3. */
    private static ImageSplit split() {
        byte[] pixels = new byte[10 * ImageSplit.IMAGE_BYTES];
        byte[] labels = new byte[10];
        for (int i = 0; i < 10; i++) {
            java.util.Arrays.fill(pixels, i * ImageSplit.IMAGE_BYTES, (i + 1) * ImageSplit.IMAGE_BYTES, (byte) i);
            labels[i] = (byte) (i % 3);
        }
        return new ImageSplit("train", pixels, labels);
    }

    @Test
    void deliversTheLoadersBatchesInOrderAsArraysInTheirOwnManagers() {
        int[] order = {9, 8, 7, 6, 5, 4, 3, 2, 1, 0};
        try (NDManager parent = TestEngine.runtime().newManager();
                DeviceBatches batches = new DeviceBatches(
                        new BatchLoader(split(), order, 4, COPY, 1, 1, workers, 2), parent, transfer)) {
            List<Integer> sizes = new ArrayList<>();
            List<Float> firstPixels = new ArrayList<>();
            List<Integer> labels = new ArrayList<>();
            while (batches.hasNext()) {
                try (DeviceBatches.DeviceBatch batch = batches.next()) {
                    sizes.add(batch.size());
                    assertThat(batch.images().getShape().getShape()).containsExactly(batch.size(), 3, 32, 32);
                    assertThat(batch.images().getDevice()).isEqualTo(parent.getDevice());
                    float[] pixels = batch.images().toFloatArray();
                    for (int i = 0; i < batch.size(); i++) {
                        firstPixels.add(pixels[i * ImageSplit.IMAGE_BYTES]);
                    }
                    for (int label : batch.labels().toIntArray()) {
                        labels.add(label);
                    }
                }
            }
            assertThat(sizes).containsExactly(4, 4, 2);
            assertThat(firstPixels).containsExactly(9f, 8f, 7f, 6f, 5f, 4f, 3f, 2f, 1f, 0f);
            assertThat(labels).containsExactly(0, 2, 1, 0, 2, 1, 0, 2, 1, 0);
        }
    }

    @Test
    void closingEarlyFreesTheBatchCopiedAhead() throws Exception {
        try (NDManager parent = TestEngine.runtime().newManager()) {
            DeviceBatches batches = new DeviceBatches(
                    new BatchLoader(split(), BatchLoader.sequentialOrder(10), 2, COPY, 1, 1, workers, 2), parent,
                    transfer);
            batches.next().close();
            // Let the transfer thread finish copying the second batch, then stop.
            transfer.submit(() -> null).get();
            batches.close();
            assertThat(batches.hasNext()).isFalse();
            assertThat(parent.getManagedArrays()).as("arrays left in the parent").isEmpty();
        }
    }

    /**
     * Closing while the transfer thread is inside a copy (here held in the parent's newSubManager, as
     * a native allocation would be) must wait for it: the trainer closes the parent right after, and
     * a copy still running would create arrays in a closed manager, where they are never freed.
     */
    @Test
    void closingWaitsForACopyUnderWaySoTheParentMayCloseRightAfter() throws Exception {
        CountDownLatch copying = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        try (NDManager real = TestEngine.runtime().newManager()) {
            NDManager parent = (NDManager) Proxy.newProxyInstance(NDManager.class.getClassLoader(),
                    new Class<?>[] {NDManager.class}, (proxy, method, args) -> {
                        if (method.getName().equals("newSubManager") && method.getParameterCount() == 0) {
                            copying.countDown();
                            while (true) {
                                try {
                                    finish.await();
                                    break;
                                } catch (InterruptedException e) {
                                    // A native call does not notice interrupts either.
                                }
                            }
                        }
                        return method.invoke(real, args);
                    });
            DeviceBatches batches = new DeviceBatches(
                    new BatchLoader(split(), BatchLoader.sequentialOrder(10), 2, COPY, 1, 1, workers, 2), parent,
                    transfer);
            assertThat(copying.await(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Void> closed = CompletableFuture.runAsync(batches::close);
            Thread.sleep(300);
            assertThat(closed).as("close returned while the copy was under way").isNotDone();
            finish.countDown();
            closed.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aFailingBatchIsThrownToTheConsumer() {
        ImageTransform failing = (pixels, offset, out, outOffset, random) -> {
            throw new IllegalStateException("bad image");
        };
        try (NDManager parent = TestEngine.runtime().newManager();
                DeviceBatches batches = new DeviceBatches(
                        new BatchLoader(split(), BatchLoader.sequentialOrder(10), 4, failing, 1, 1, workers, 2), parent,
                        transfer)) {
            assertThatThrownBy(batches::next).isInstanceOf(IllegalStateException.class).hasMessage("bad image");
            assertThat(batches.hasNext()).isFalse();
        }
    }
}
