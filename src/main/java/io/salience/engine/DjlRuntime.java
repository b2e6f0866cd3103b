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
    private static final java.util.concurrent.Semaphore EXPLANATION_TURN = new java.util.concurrent.Semaphore(1, true);

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
            return new GradientSession(engine.newGradientCollector(), GRADIENT_LOCK, null);
        } catch (RuntimeException e) {
            GRADIENT_LOCK.unlock();
            throw e;
        }
    }

    /**
     * The gradient collector for one batch of explanation work. Explanations take turns among
     * themselves first, so that at most one of them waits in the (fair) gradient lock: between two
     * training batches, training waits for at most one explanation batch, however many explanation
     * threads (requests, reports) there are.
     */
    public GradientSession collectExplanationGradients() {
        EXPLANATION_TURN.acquireUninterruptibly();
        try {
            GRADIENT_LOCK.lock();
            try {
                return new GradientSession(engine.newGradientCollector(), GRADIENT_LOCK, EXPLANATION_TURN);
            } catch (RuntimeException e) {
                GRADIENT_LOCK.unlock();
                throw e;
            }
        } catch (RuntimeException e) {
            EXPLANATION_TURN.release();
            throw e;
        }
    }

    /** An open gradient collector together with the turn it holds. */
    public static final class GradientSession implements AutoCloseable {
        private final GradientCollector collector;
        private final ReentrantLock lock;
        private final java.util.concurrent.Semaphore turn;

        GradientSession(GradientCollector collector, ReentrantLock lock, java.util.concurrent.Semaphore turn) {
            this.collector = collector;
            this.lock = lock;
            this.turn = turn;
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
                if (turn != null) {
                    turn.release();
                }
            }
        }
    }
}
