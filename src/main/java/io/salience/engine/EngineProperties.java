package io.salience.engine;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the deep-learning engine ({@code salience.engine.*}).
 *
 * @param cacheDir where DJL unpacks the PyTorch native library (about 430 MB) and keeps its cache;
 *     empty means {@code <storage-dir>/engine-cache}
 * @param numThreads PyTorch intra-op threads; 0 means one per core
 * @param device {@code auto} (GPU when present, else CPU), {@code cpu} or {@code gpu}
 * @param keepFreedMemory whether the C allocator keeps freed tensor memory for reuse ({@link NativeMemory})
 */
@ConfigurationProperties("salience.engine")
public record EngineProperties(Path cacheDir, @DefaultValue("0") int numThreads, @DefaultValue("auto") String device,
        @DefaultValue("true") boolean keepFreedMemory) {}
