package io.salience.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.salience.data.Batch;
import io.salience.data.BatchLoader;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * The batches of a {@link BatchLoader} as arrays on the model's device, one batch ahead: while the
 * training thread runs a step, a transfer thread waits for the next assembled batch and copies it
 * into the device's memory (on a GPU, host to device), so the step after it starts at once.
 *
 * <p>Each batch has its own manager, a child of the given parent on the parent's device; the
 * consumer closes it (with {@link DeviceBatch#close()}) when the step is done.
 */
final class DeviceBatches implements AutoCloseable {

    /** A batch on the device: normalized images (N, 3, 32, 32) and int32 labels (N), in their own manager. */
    record DeviceBatch(NDManager manager, NDArray images, NDArray labels, int size) implements AutoCloseable {
        @Override
        public void close() {
            manager.close();
        }
    }

    private final BatchLoader loader;
    private final NDManager parent;
    private final ExecutorService transfer;
    private Future<DeviceBatch> ahead;

    /** @param transfer a thread of its own (not the loader's workers, whose batches it waits for) */
    DeviceBatches(BatchLoader loader, NDManager parent, ExecutorService transfer) {
        this.loader = loader;
        this.parent = parent;
        this.transfer = transfer;
        this.ahead = loader.hasNext() ? transfer.submit(this::copyNext) : null;
    }

    boolean hasNext() {
        return ahead != null;
    }

    /** The next batch, waiting for it if its copy has not finished; the caller closes it. */
    DeviceBatch next() {
        if (ahead == null) {
            throw new NoSuchElementException("no more batches in this epoch");
        }
        DeviceBatch batch;
        try {
            batch = ahead.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for a batch");
        } catch (ExecutionException e) {
            ahead = null;
            throw e.getCause() instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException("preparing a batch failed: " + e.getCause(), e.getCause());
        }
        // The loader is only ever used by one transfer task at a time: the next is submitted after this one ended.
        ahead = loader.hasNext() ? transfer.submit(this::copyNext) : null;
        return batch;
    }

    private DeviceBatch copyNext() {
        Batch batch = loader.next();
        NDManager manager = parent.newSubManager();
        try {
            return new DeviceBatch(manager, Evaluator.toImages(manager, batch), manager.create(batch.labels()),
                    batch.size());
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * Stops the transfer and the loader and frees the batch copied ahead. A copy cancelled half-way
     * leaves its arrays to the parent manager, which frees them when it closes; so this returns only
     * once the transfer thread has left the copy (a cancelled task's thread may still be running it),
     * and the caller may close the parent right after.
     */
    @Override
    public void close() {
        Future<DeviceBatch> pending = ahead;
        ahead = null;
        if (pending != null) {
            if (pending.cancel(true)) {
                awaitTransferIdle();
            } else {
                try {
                    pending.get().close();
                } catch (CancellationException | ExecutionException e) {
                    // Failed: nothing to free.
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        loader.close();
    }

    /** The transfer executor has one thread: a task submitted now runs once the current one ended. */
    private void awaitTransferIdle() {
        Future<?> marker;
        try {
            marker = transfer.submit(() -> { });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return; // shut down already: its thread is no longer copying into the parent
        }
        // Even when this thread is interrupted (a forced shutdown): returning early would let the
        // parent close under the copy.
        boolean interrupted = false;
        while (true) {
            try {
                marker.get();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (ExecutionException | CancellationException e) {
                break;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
