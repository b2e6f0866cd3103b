package io.salience;

import ai.djl.Device;
import ai.djl.engine.Engine;
import io.salience.engine.DjlRuntime;
import io.salience.engine.EngineSetup;
import io.salience.engine.NativeMemory;
import io.salience.explain.cam.CamComputer;
import io.salience.serving.Inference;
import io.salience.serving.MicroBatcher;
import io.salience.serving.ServingProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.nio.file.Path;

/**
 * The engine for tests that do not start Spring: configured exactly as the service configures it,
 * with the native library unpacked once into a cache folder shared by all test runs.
 */
public final class TestEngine {

    private static DjlRuntime runtime;

    private TestEngine() {}

    public static synchronized DjlRuntime runtime() {
        if (runtime == null) {
            EngineSetup.configure(cacheDir(), 0);
            NativeMemory.keepFreedMemory();
            runtime = new DjlRuntime(Engine.getEngine("PyTorch"), Device.cpu());
        }
        return runtime;
    }

    /** The CAM computer as the service wires it, with micro-batching off (each pass its own). */
    public static CamComputer camComputer() {
        Inference inference = new Inference(runtime());
        ServingProperties serving = new ServingProperties(4, 8192,
                new ServingProperties.MicroBatch(1, Duration.ZERO, 1, Duration.ofSeconds(30)));
        return new CamComputer(runtime(), inference, new MicroBatcher(inference, serving, new SimpleMeterRegistry()));
    }

    /** The folder the build passes as {@code salience.engine.cache-dir}, or a user-level default. */
    public static Path cacheDir() {
        String dir = System.getProperty("salience.engine.cache-dir");
        return dir != null ? Path.of(dir) : Path.of(System.getProperty("user.home"), ".salience", "engine-cache");
    }
}
