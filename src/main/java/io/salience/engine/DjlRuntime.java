package io.salience.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The loaded PyTorch engine and the device work runs on, shared by the whole process.
 *
 * <p>It also owns the process's single gradient collector: PyTorch's DJL binding allows only one
 * open {@link GradientCollector} at a time, so training and Grad-CAM take turns through
 * {@link #collectGradients()}.
 */
public final class DjlRuntime {

    private final Engine engine;
    private final Device device;
    /** Process-wide, like the engine's restriction: even two application contexts share it. */
    private static final ReentrantLock GRADIENT_LOCK = new ReentrantLock(true);

    public DjlRuntime(Engine engine, Device device) {
        this.engine = engine;
        this.device = device;
    }

    public Engine engine() {
        return engine;
    }

    public Device device() {
        return device;
    }

    /** A new root manager on the runtime's device; the caller closes it. */
    public NDManager newManager() {
        return engine.newBaseManager(device);
    }

    /**
     * Switches gradient recording off for the calling thread. Autograd mode is per thread in
     * PyTorch; an inference thread that leaves it on builds graphs it never uses (~25% slower).
     */
    public void inferenceMode() {
        JniUtils.setGradMode(false);
    }

    /**
     * Opens the process's gradient collector, waiting while another user holds it. Closing the
     * returned handle closes the collector and lets the next user in.
     */
    public GradientSession collectGradients() {
        GRADIENT_LOCK.lock();
        try {
            return new GradientSession(engine.newGradientCollector(), GRADIENT_LOCK);
        } catch (RuntimeException e) {
            GRADIENT_LOCK.unlock();
            throw e;
        }
    }

    /** An open gradient collector together with the turn it holds. */
    public static final class GradientSession implements AutoCloseable {
        private final GradientCollector collector;
        private final ReentrantLock lock;

        GradientSession(GradientCollector collector, ReentrantLock lock) {
            this.collector = collector;
            this.lock = lock;
        }

        public GradientCollector collector() {
            return collector;
        }

        @Override
        public void close() {
            try {
                collector.close();
            } finally {
                // The collector turned recording on for this thread; leave it off again.
                JniUtils.setGradMode(false);
                lock.unlock();
            }
        }
    }
}
