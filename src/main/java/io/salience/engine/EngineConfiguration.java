package io.salience.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import io.salience.storage.StorageProperties;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Loads the PyTorch engine once, offline, and picks the device. */
@Configuration(proxyBeanMethods = false)
public class EngineConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EngineConfiguration.class);

    @Bean
    DjlRuntime djlRuntime(EngineProperties properties, StorageProperties storage) {
        Path cacheDir = properties.cacheDir() != null ? properties.cacheDir() : storage.storageDir().resolve("engine-cache");
        EngineSetup.configure(cacheDir, properties.numThreads());
        if (properties.keepFreedMemory()) {
            NativeMemory.keepFreedMemory();
        }
        Engine engine = Engine.getEngine("PyTorch");
        Device device = chooseDevice(properties.device(), engine.getGpuCount());
        log.info("Deep-learning engine {} {} on {} ({} GPU(s) visible), native cache {}",
                engine.getEngineName(), engine.getVersion(), device, engine.getGpuCount(),
                System.getProperty("ENGINE_CACHE_DIR", "from environment"));
        return new DjlRuntime(engine, device);
    }

    static Device chooseDevice(String setting, int gpuCount) {
        return switch (setting == null ? "auto" : setting.toLowerCase()) {
            case "cpu" -> Device.cpu();
            case "gpu" -> {
                if (gpuCount == 0) {
                    throw new IllegalStateException("salience.engine.device=gpu, but no GPU is visible to PyTorch; "
                            + "install the CUDA build of the native library (see README) or use auto/cpu");
                }
                yield Device.gpu();
            }
            case "auto" -> gpuCount > 0 ? Device.gpu() : Device.cpu();
            default -> throw new IllegalStateException(
                    "salience.engine.device must be auto, cpu or gpu, not '" + setting + "'");
        };
    }
}
