package io.salience.engine;

import java.nio.file.Path;

/**
 * Puts DJL into offline, non-tracking mode before its {@code Engine} class loads.
 *
 * <p>DJL reads these switches once, in static initialisers: set later, they are ignored and its
 * start-up contacts the cloud metadata address and S3. So this class must run before any code
 * touches {@code ai.djl.engine.Engine}; {@link EngineConfiguration} calls it first.
 */
public final class EngineSetup {

    private EngineSetup() {}

    /**
     * Sets the system properties DJL reads at load time. Values the user set explicitly (as
     * environment variables or system properties) win, except offline mode and tracking, which
     * are always forced on and off.
     */
    public static synchronized void configure(Path cacheDir, int numThreads) {
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
        System.setProperty("ai.djl.default_engine", "PyTorch");
        // Only the imperative API is used: the TorchScript graph optimizer just adds a log line.
        System.setProperty("ai.djl.pytorch.graph_optimizer", "false");
        if (cacheDir != null && System.getenv("ENGINE_CACHE_DIR") == null && System.getenv("DJL_CACHE_DIR") == null) {
            String dir = cacheDir.toAbsolutePath().normalize().toString();
            System.setProperty("ENGINE_CACHE_DIR", dir);
            System.setProperty("DJL_CACHE_DIR", dir);
        }
        if (numThreads > 0) {
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(numThreads));
        }
    }
}
