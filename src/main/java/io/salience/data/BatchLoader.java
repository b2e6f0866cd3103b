package io.salience.data;

import io.salience.data.augment.ImageTransform;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Delivers the batches of one epoch, in order, while a worker pool assembles the next ones.
 *
 * <p>Up to {@code prefetchBatches} batches are in flight at any time (the first ones are
 * submitted by the constructor), so augmentation runs in parallel with training. Each batch is
 * one task, and each image draws its randomness from {@link Seeds#sampleRandom} with its own id,
 * so the batches are identical whatever the number of workers. A worker's exception is thrown by
 * {@link #next()}; {@link #close()} cancels the batches not yet delivered. One consumer at a time;
 * {@link #close()} may come from another thread (it waits for a {@code next()} under way).
 */
public final class BatchLoader implements Iterator<Batch>, AutoCloseable {

    private final ImageSplit split;
    private final int[] order;
    private final int batchSize;
    private final ImageTransform transform;
    private final long seed;
    private final int epoch;
    private final ExecutorService workers;
    private final int prefetchBatches;
    private final Deque<Future<Batch>> inFlight = new ArrayDeque<>();
    private int nextStart;
    private boolean closed;

    /**
     * @param order the split's image indices in visiting order, e.g. {@link #shuffledOrder}
     * @param seed with {@code epoch}, decides every random augmentation
     * @param prefetchBatches how many batches may be ready or in preparation ahead of the consumer
     */
    public BatchLoader(ImageSplit split, int[] order, int batchSize, ImageTransform transform, long seed, int epoch,
            ExecutorService workers, int prefetchBatches) {
        if (batchSize < 1 || prefetchBatches < 1) {
            throw new IllegalArgumentException("batchSize and prefetchBatches must be at least 1");
        }
        for (int id : order) {
            if (id < 0 || id >= split.size()) {
                throw new IllegalArgumentException("order holds " + id + ", outside the split's 0.." + (split.size() - 1));
            }
        }
        this.split = split;
        this.order = order.clone();
        this.batchSize = batchSize;
        this.transform = transform;
        this.seed = seed;
        this.epoch = epoch;
        this.workers = workers;
        this.prefetchBatches = prefetchBatches;
        refill();
    }

    /** Indices {@code 0..n-1} in a random order that depends only on {@code seed} and {@code epoch}. */
    public static int[] shuffledOrder(int n, long seed, int epoch) {
        int[] order = sequentialOrder(n);
        var random = Seeds.shuffleRandom(seed, epoch);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }

    /** Indices {@code 0..n-1} in order, e.g. for evaluation. */
    public static int[] sequentialOrder(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
    }

    /** The number of batches this loader delivers in total. */
    public int batchCount() {
        return (order.length + batchSize - 1) / batchSize;
    }

    @Override
    public synchronized boolean hasNext() {
        return !closed && !inFlight.isEmpty();
    }

    /**
     * The next batch, waiting for it if it is not ready.
     *
     * @throws RuntimeException what the worker threw, as it was thrown when unchecked
     */
    @Override
    public synchronized Batch next() {
        if (!hasNext()) {
            throw new NoSuchElementException(closed ? "the batch loader is closed" : "no more batches in this epoch");
        }
        Future<Batch> head = inFlight.poll();
        try {
            Batch batch = head.get();
            refill();
            return batch;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new CancellationException("interrupted while waiting for a batch");
        } catch (ExecutionException e) {
            close();
            throw rethrowable(e.getCause());
        }
    }

    /** Cancels the batches in flight; batches already running finish, and their results are dropped. */
    @Override
    public synchronized void close() {
        closed = true;
        Future<Batch> pending;
        while ((pending = inFlight.poll()) != null) {
            pending.cancel(false);
        }
    }

    private static RuntimeException rethrowable(Throwable cause) {
        if (cause instanceof Error error) {
            throw error;
        }
        return cause instanceof RuntimeException runtime
                ? runtime
                : new IllegalStateException("preparing a batch failed: " + cause, cause);
    }

    private void refill() {
        while (!closed && inFlight.size() < prefetchBatches && nextStart < order.length) {
            int start = nextStart;
            int end = Math.min(order.length, start + batchSize);
            inFlight.add(workers.submit(() -> assemble(start, end)));
            nextStart = end;
        }
    }

    private Batch assemble(int start, int end) {
        int size = end - start;
        float[] data = new float[size * ImageSplit.IMAGE_BYTES];
        int[] labels = new int[size];
        int[] ids = new int[size];
        for (int i = 0; i < size; i++) {
            int id = order[start + i];
            transform.apply(split.pixels(), id * ImageSplit.IMAGE_BYTES, data, i * ImageSplit.IMAGE_BYTES,
                    Seeds.sampleRandom(seed, epoch, id));
            labels[i] = split.label(id);
            ids[i] = id;
        }
        return new Batch(data, labels, ids, size);
    }
}
