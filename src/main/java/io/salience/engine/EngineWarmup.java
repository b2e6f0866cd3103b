package io.salience.engine;

import ai.djl.engine.Engine;
import java.nio.file.Path;

/**
 * Unpacks the PyTorch native library into the engine cache and exits. Container builds run it so
 * that a container starts with no network and without a 430 MB unpack on first start:
 * {@code java -Dloader.main=io.salience.engine.EngineWarmup -cp app.jar
 * org.springframework.boot.loader.launch.PropertiesLauncher CACHE_DIR}.
 */
public final class EngineWarmup {

    private EngineWarmup() {}

    public static void main(String[] args) {
        Path cacheDir = Path.of(args.length > 0 ? args[0] : "engine-cache");
        EngineSetup.configure(cacheDir, 0);
        Engine engine = Engine.getEngine("PyTorch");
        System.out.println("PyTorch " + engine.getVersion() + " ready in " + cacheDir.toAbsolutePath());
    }
}
