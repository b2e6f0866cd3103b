package io.salience.serving;

import ai.djl.ndarray.NDManager;
import io.salience.model.CifarResNet;

/**
 * A checkpoint's model in memory, shared by concurrent requests: its parameters are read-only
 * and record no gradients, and each request keeps its own arrays in its own manager. It is
 * closed once it was evicted from the cache and the last request using it has finished.
 */
public final class LoadedModel {

    private final long checkpointId;
    private final CifarResNet model;
    private final NDManager manager;
    private int users;
    private boolean evicted;
    private boolean closed;

    /** Wraps a model whose arrays live in {@code manager}; the manager closes with the model. */
    public LoadedModel(long checkpointId, CifarResNet model, NDManager manager) {
        this.checkpointId = checkpointId;
        this.model = model;
        this.manager = manager;
    }

    public long checkpointId() {
        return checkpointId;
    }

    public CifarResNet model() {
        return model;
    }

    public int numClasses() {
        return model.numClasses();
    }

    /** The manager holding the parameters; requests open sub-managers of it. */
    public NDManager manager() {
        return manager;
    }

    synchronized boolean retain() {
        if (closed) {
            return false;
        }
        users++;
        return true;
    }

    synchronized void release() {
        users--;
        closeIfUnused();
    }

    /** Closes the model once no request uses it any more. */
    public synchronized void evict() {
        evicted = true;
        closeIfUnused();
    }

    private void closeIfUnused() {
        if (evicted && users == 0 && !closed) {
            closed = true;
            manager.close();
        }
    }
}
