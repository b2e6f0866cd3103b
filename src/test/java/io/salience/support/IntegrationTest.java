package io.salience.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the tests that start the whole application on a random port (MockMvc for most requests,
 * a real HTTP client where the servlet container matters): one context for all of them (the same
 * properties keep Spring's test-context cache warm), a storage folder of its own, and the
 * {@code cifar10} dataset pointed at a small generated copy (200 train, 50 test images).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureMockMvc
public abstract class IntegrationTest {

    protected static final Path ROOT;
    protected static final int TRAIN_SIZE = 200;
    protected static final int TEST_SIZE = 50;

    static {
        try {
            ROOT = Files.createTempDirectory("salience-it");
            TestDatasets.writeCifarBinary(ROOT.resolve("cifar10"), TRAIN_SIZE, TEST_SIZE, 42);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void salienceProperties(DynamicPropertyRegistry registry) {
        registry.add("salience.storage-dir", () -> ROOT.resolve("storage").toString());
        registry.add("salience.datasets.cifar10.path", () -> ROOT.resolve("cifar10").toString());
    }
}
