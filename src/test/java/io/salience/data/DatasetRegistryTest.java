package io.salience.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.salience.errors.NotFoundException;
import io.salience.errors.UnavailableException;
import io.salience.storage.StorageProperties;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetRegistryTest {

    private static final URI URL = URI.create("http://example.invalid/cifar.tar.gz");

    @TempDir
    Path dir;

    @Test
    void describesAvailableAndUnavailableDatasets() throws Exception {
        Path tiny = TestData.writeFiles(dir.resolve("tiny"), TestData.validBatches());
        Path missing = dir.resolve("missing");
        DatasetRegistry registry = registry(Map.of("tiny", local(tiny), "broken", local(missing)), null);

        // Describing never loads.
        assertThat(registry.describe("tiny")).isEqualTo(
                new DatasetInfo("tiny", "cifar10-binary", null, null, null, false, DatasetInfo.NOT_PREPARED, null, null, null));
        assertThat(registry.isLoaded("tiny")).isFalse();
        registry.load("tiny");
        assertThatThrownBy(() -> registry.load("broken")).isInstanceOf(UnavailableException.class);
        assertThat(registry.describe("tiny")).isEqualTo(new DatasetInfo("tiny", "cifar10-binary",
                Cifar10BinaryReader.CIFAR10_CLASSES, 5, 2, true, DatasetInfo.READY, null, null, null));
        assertThat(registry.describe("broken")).isEqualTo(new DatasetInfo("broken", "cifar10-binary", null, null, null,
                false, DatasetInfo.FAILED, missing + ": no such folder or file", null, null));
        assertThat(registry.lastError("broken")).contains(missing + ": no such folder or file");
        assertThat(registry.lastError("tiny")).isEmpty();
    }

    @Test
    void aRequestThreadNeverLoadsItStartsTheBackgroundPreparationAndIsToldToComeBack() throws Exception {
        Path tiny = TestData.writeFiles(dir.resolve("tiny"), TestData.validBatches());
        DatasetRegistry registry = registry(Map.of("tiny", local(tiny)), null);

        assertThatThrownBy(() -> registry.ready("tiny")).isInstanceOf(io.salience.errors.BusyException.class)
                .hasMessageContaining("being prepared")
                .satisfies(e -> assertThat(((io.salience.errors.BusyException) e).retryAfterSeconds()).isPositive());
        for (int i = 0; i < 200 && !registry.isLoaded("tiny"); i++) {
            Thread.sleep(25);
        }
        assertThat(registry.ready("tiny").train().size()).isEqualTo(5);
        assertThat(registry.prepare("tiny").state()).isEqualTo(DatasetInfo.READY);
        registry.close();
    }

    /** Requests anyone may send never start a preparation, and a failed one is not retried by each request. */
    @Test
    void openRequestsStartNothingAndAFailureIsNotRetriedAtOnce() throws Exception {
        Path tiny = TestData.writeFiles(dir.resolve("tiny"), TestData.validBatches());
        DatasetRegistry registry = registry(Map.of("tiny", local(tiny), "broken", local(dir.resolve("missing"))), null);

        // On disk: read in the background. Needing a download: nothing starts.
        assertThatThrownBy(() -> registry.readyWithoutDownload("tiny")).hasMessageContaining("being prepared");
        for (int i = 0; i < 200 && !registry.isLoaded("tiny"); i++) {
            Thread.sleep(25);
        }
        assertThat(registry.readyWithoutDownload("tiny").train().size()).isEqualTo(5);
        CountingDownloader downloader = new CountingDownloader(null);
        DatasetRegistry remote = registry(Map.of("far", new DatasetDefinition("cifar10-binary", null,
                java.net.URI.create("http://example.invalid/cifar-10-binary.tar.gz"), null, null, null)), downloader);
        assertThatThrownBy(() -> remote.readyWithoutDownload("far")).isInstanceOf(io.salience.errors.BusyException.class)
                .hasMessageContaining("has not been downloaded");
        Thread.sleep(100);
        assertThat(downloader.calls).hasValue(0);
        assertThat(remote.describe("far").state()).isEqualTo(DatasetInfo.NOT_PREPARED);
        remote.close();

        assertThatThrownBy(() -> registry.ready("broken")).hasMessageContaining("being prepared");
        for (int i = 0; i < 200 && !registry.describe("broken").state().equals(DatasetInfo.FAILED); i++) {
            Thread.sleep(25);
        }
        assertThatThrownBy(() -> registry.ready("broken")).isInstanceOf(io.salience.errors.BusyException.class)
                .hasMessageContaining("tried again in");
        assertThat(registry.describe("broken").state()).as("not started again").isEqualTo(DatasetInfo.FAILED);
        registry.close();
    }

    @Test
    void namesKeepTheConfigurationOrder() {
        Map<String, DatasetDefinition> definitions = new LinkedHashMap<>();
        definitions.put("zeta", local(dir));
        definitions.put("alpha", local(dir));
        DatasetRegistry registry = registry(definitions, null);

        assertThat(registry.names()).containsExactly("zeta", "alpha");
        assertThat(registry.exists("alpha")).isTrue();
        assertThat(registry.exists("beta")).isFalse();
    }

    @Test
    void anUnknownNameIsNotFound() {
        DatasetRegistry registry = registry(Map.of("cifar10", local(dir)), null);

        assertThatThrownBy(() -> registry.load("x"))
                .isInstanceOf(NotFoundException.class)
                .hasMessage("unknown dataset 'x'; known: cifar10");
        assertThatThrownBy(() -> registry.describe("x")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void loadsOnceAndCaches() throws Exception {
        Path tiny = TestData.writeFiles(dir.resolve("tiny"), TestData.validBatches());
        DatasetRegistry registry = registry(Map.of("tiny", local(tiny)), null);

        assertThat(registry.load("tiny")).isSameAs(registry.load("tiny"));
    }

    @Test
    void aFailedLoadIsRetriedNextTime() throws Exception {
        Path later = dir.resolve("later");
        DatasetRegistry registry = registry(Map.of("later", local(later)), null);

        assertThatThrownBy(() -> registry.load("later")).isInstanceOf(UnavailableException.class);
        TestData.writeFiles(later, TestData.validBatches());

        assertThat(registry.load("later").train().size()).isEqualTo(5);
        assertThat(registry.lastError("later")).isEmpty();
    }

    @Test
    void usesConfiguredNormalizationOrComputesIt() throws Exception {
        Path tiny = TestData.writeFiles(dir.resolve("tiny"), TestData.validBatches());
        DatasetDefinition configured =
                new DatasetDefinition("cifar10-binary", tiny, null, null, List.of(0.5, 0.25, 0.125), List.of(0.2, 0.3, 0.4));
        DatasetRegistry registry = registry(Map.of("configured", configured, "computed", local(tiny)), null);

        assertThat(registry.load("configured").normalization()).isEqualTo(
                new Normalization(new float[] {0.5f, 0.25f, 0.125f}, new float[] {0.2f, 0.3f, 0.4f}));
        ImageDataset computed = registry.load("computed");
        assertThat(computed.normalization()).isEqualTo(Normalization.of(computed.train()));
    }

    @Test
    void downloadsWhenOnlyAUrlIsSetAndPrefersThePath() throws Exception {
        Path archive = TestData.tarGz(dir.resolve("cifar.tar.gz"), TestData.validBatches());
        CountingDownloader downloader = new CountingDownloader(archive);
        DatasetRegistry registry = registry(Map.of(
                "remote", new DatasetDefinition("cifar10-binary", null, URL, "abc", null, null),
                "both", new DatasetDefinition("cifar10-binary", archive, URI.create("http://unused.invalid/x.tar.gz"),
                        null, null, null)), downloader);

        assertThat(registry.load("remote").test().size()).isEqualTo(2);
        assertThat(downloader.lastUrl.get()).isEqualTo(URL);
        assertThat(registry.load("both").train().size()).isEqualTo(5);
        assertThat(downloader.calls).hasValue(1);
    }

    @Test
    void concurrentCallersWaitForOneLoad() throws Exception {
        Path archive = TestData.tarGz(dir.resolve("cifar.tar.gz"), TestData.validBatches());
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CountingDownloader downloader = new CountingDownloader(archive) {
            @Override
            public Path ensureDownloaded(String datasetName, URI url, String md5) {
                entered.countDown();
                await(release);
                return super.ensureDownloaded(datasetName, url, md5);
            }
        };
        DatasetRegistry registry =
                registry(Map.of("remote", new DatasetDefinition("cifar10-binary", null, URL, null, null, null)), downloader);
        AtomicReference<ImageDataset> first = new AtomicReference<>();
        AtomicReference<ImageDataset> second = new AtomicReference<>();

        Thread one = new Thread(() -> first.set(registry.load("remote")));
        one.start();
        await(entered);
        Thread two = new Thread(() -> second.set(registry.load("remote")));
        two.start();
        while (two.getState() != Thread.State.BLOCKED) {
            Thread.onSpinWait(); // until the second caller waits for the first one's load
        }
        release.countDown();
        one.join();
        two.join();

        assertThat(downloader.calls).hasValue(1);
        assertThat(first.get()).isNotNull().isSameAs(second.get());
    }

    private DatasetRegistry registry(Map<String, DatasetDefinition> definitions, DatasetDownloader downloader) {
        DatasetDownloader actual = downloader != null ? downloader : new CountingDownloader(null);
        return new DatasetRegistry(new DatasetProperties(definitions), actual);
    }

    private static DatasetDefinition local(Path path) {
        return new DatasetDefinition("cifar10-binary", path, null, null, null, null);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Hands out a prepared file instead of downloading, and counts the calls. */
    private class CountingDownloader extends DatasetDownloader {
        final AtomicInteger calls = new AtomicInteger();
        final AtomicReference<URI> lastUrl = new AtomicReference<>();
        private final Path file;

        CountingDownloader(Path file) {
            super(new StorageProperties(dir));
            this.file = file;
        }

        @Override
        public Path ensureDownloaded(String datasetName, URI url, String md5) {
            calls.incrementAndGet();
            lastUrl.set(url);
            if (file == null) {
                throw new AssertionError("no download expected");
            }
            return file;
        }
    }
}
