package io.salience.training;

import ai.djl.Device;

/**
 * Where a training epoch's batches are assembled (augmented, normalized, copied to the device).
 *
 * <p>On a GPU the host's cores are free while a step runs, so batches are prepared ahead on the
 * data workers and copied while the previous step runs. On a CPU whose cores are all the engine's
 * intra-op threads, a helper thread can only preempt one of them, and the others then wait for it
 * at the kernel's barrier: assembling each batch on the training thread between steps, as
 * PyTorch's own loop does, was 3-5% faster end to end on 2 cores (README, Benchmarks).
 */
public enum BatchPreparation {
    /** The data workers assemble batches and a transfer thread copies them while steps run. */
    AHEAD,
    /** The training thread assembles and copies each batch just before its step. */
    INLINE;

    /**
     * The choice a setting makes: {@code true} ahead, {@code false} inline, {@code null} {@link #forDevice}
     * with this machine's cores.
     *
     * @param prepareAhead {@code salience.training.prepare-batches-ahead}, or {@code null} when unset
     * @param intraOpThreads the engine's intra-op threads, 0 = one per core
     */
    public static BatchPreparation of(Boolean prepareAhead, Device device, int intraOpThreads) {
        if (prepareAhead != null) {
            return prepareAhead ? AHEAD : INLINE;
        }
        return forDevice(device, intraOpThreads, Runtime.getRuntime().availableProcessors());
    }

    /**
     * The choice for a device: ahead on a GPU, or when the engine leaves cores to spare
     * ({@code intraOpThreads} between 1 and {@code cores - 1}); inline otherwise.
     *
     * @param intraOpThreads the engine's intra-op threads, 0 = one per core
     */
    public static BatchPreparation forDevice(Device device, int intraOpThreads, int cores) {
        boolean coresToSpare = intraOpThreads > 0 && intraOpThreads < cores;
        return device.isGpu() || coresToSpare ? AHEAD : INLINE;
    }
}
