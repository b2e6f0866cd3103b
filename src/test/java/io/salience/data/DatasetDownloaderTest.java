package io.salience.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.salience.errors.UnavailableException;
import io.salience.storage.StorageProperties;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetDownloaderTest {

    private static final String HINT = "download it yourself and set salience.datasets.cifar10.path to the folder or .tar.gz (see README)";

    @TempDir
    Path storage;

    private byte[] archive;
    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private final CountDownLatch endOfTest = new CountDownLatch(1);
    private DatasetDownloader downloader;

    @BeforeEach
    void startServer() throws Exception {
        archive = Files.readAllBytes(TestData.tarGz(Files.createTempFile(storage, "archive", ".tar.gz"), TestData.validBatches()));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ok/", exchange -> respond(exchange, 200, archive.length, archive));
        server.createContext("/truncated/", exchange -> respond(exchange, 200, archive.length + 1000L, archive));
        server.createContext("/missing/", exchange -> respond(exchange, 404, 9, "not found".getBytes()));
        server.createContext("/stalled/", exchange -> {
            exchange.sendResponseHeaders(200, archive.length);
            exchange.getResponseBody().write(archive, 0, 10);
            exchange.getResponseBody().flush();
            awaitQuietly(endOfTest); // sends nothing more until the test is over
            exchange.close();
        });
        server.createContext("/silent/", exchange -> {
            awaitQuietly(endOfTest); // accepts the request and never answers, not even with headers
            exchange.close();
        });
        server.start();
        downloader = new DatasetDownloader(new StorageProperties(storage));
    }

    @AfterEach
    void stopServer() {
        endOfTest.countDown();
        server.stop(0);
    }

    @Test
    void downloadsChecksAndThenReusesTheFile() throws Exception {
        assertThat(downloader.progress("cifar10")).isEmpty();
        Path file = downloader.ensureDownloaded("cifar10", url("ok"), TestData.md5(archive).toUpperCase());
        // What GET /api/datasets shows while it runs: bytes so far of the length the server gave.
        assertThat(downloader.progress("cifar10")).contains(new DatasetDownloader.Progress(archive.length, archive.length));

        assertThat(file).isEqualTo(storage.resolve("datasets/cifar10/cifar-10-binary.tar.gz"));
        assertThat(Files.readAllBytes(file)).isEqualTo(archive);
        assertThat(filesIn(file.getParent())).containsExactlyInAnyOrder("cifar-10-binary.tar.gz", "cifar-10-binary.tar.gz.md5");
        assertThat(requests).hasValue(1);

        Path again = downloader.ensureDownloaded("cifar10", url("ok"), TestData.md5(archive));

        assertThat(again).isEqualTo(file);
        assertThat(requests).hasValue(1);
        assertThat(new Cifar10BinaryReader().read("cifar10", again, null).train().size()).isEqualTo(5);
    }

    @Test
    void aFilePutThereByHandIsCheckedOnceAndReused() throws Exception {
        Path file = storage.resolve("datasets/cifar10/cifar-10-binary.tar.gz");
        Files.createDirectories(file.getParent());
        Files.write(file, archive);

        assertThat(downloader.ensureDownloaded("cifar10", url("ok"), TestData.md5(archive))).isEqualTo(file);

        assertThat(requests).hasValue(0);
        assertThat(Files.readString(file.resolveSibling("cifar-10-binary.tar.gz.md5"))).isEqualTo(TestData.md5(archive));
    }

    @Test
    void withoutMd5TheFileIsKeptWithoutMarker() {
        Path file = downloader.ensureDownloaded("cifar10", url("ok"), null);
        downloader.ensureDownloaded("cifar10", url("ok"), "");

        assertThat(filesIn(file.getParent())).containsExactly("cifar-10-binary.tar.gz");
        assertThat(requests).hasValue(1);
    }

    @Test
    void aWrongMd5LeavesNothingBehind() {
        String wrong = "00000000000000000000000000000000";

        assertThatThrownBy(() -> downloader.ensureDownloaded("cifar10", url("ok"), wrong))
                .isInstanceOf(DatasetDownloadException.class)
                .isInstanceOf(UnavailableException.class)
                .hasMessageContaining("MD5")
                .hasMessageContaining(wrong)
                .hasMessageEndingWith(HINT);
        assertThat(filesIn(storage.resolve("datasets/cifar10"))).isEmpty();
    }

    @Test
    void aTruncatedBodyLeavesNothingBehind() {
        assertThatThrownBy(() -> downloader.ensureDownloaded("cifar10", url("truncated"), null))
                .isInstanceOf(DatasetDownloadException.class)
                .hasMessageStartingWith("Downloading dataset cifar10 from " + url("truncated")
                        + " failed: the transfer broke off after " + archive.length + " of " + (archive.length + 1000))
                .hasMessageEndingWith(HINT);
        assertThat(filesIn(storage.resolve("datasets/cifar10"))).isEmpty();
    }

    @Test
    void aStalledDownloadIsAbandoned() {
        DatasetDownloader impatient =
                new DatasetDownloader(storage.resolve("datasets"), HttpClient.newHttpClient(), Duration.ofMillis(200));

        assertThatThrownBy(() -> impatient.ensureDownloaded("cifar10", url("stalled"), null))
                .isInstanceOf(DatasetDownloadException.class)
                .hasMessageContaining("no data received for 200 ms")
                .hasMessageEndingWith(HINT);
        assertThat(filesIn(storage.resolve("datasets/cifar10"))).isEmpty();
    }

    /** Without a deadline for the headers, the dataset would stay "preparing" and its job would wait forever. */
    @Test
    void aServerThatNeverAnswersIsAbandoned() {
        DatasetDownloader impatient =
                new DatasetDownloader(storage.resolve("datasets"), HttpClient.newHttpClient(), Duration.ofMillis(300));

        assertThatThrownBy(() -> impatient.ensureDownloaded("cifar10", url("silent"), null))
                .isInstanceOf(DatasetDownloadException.class)
                .hasMessageContaining("no answer within 300 ms")
                .hasMessageEndingWith(HINT);
        assertThat(filesIn(storage.resolve("datasets/cifar10"))).isEmpty();
    }

    @Test
    void anHttpErrorIsReported() {
        assertThatThrownBy(() -> downloader.ensureDownloaded("cifar10", url("missing"), null))
                .isInstanceOf(DatasetDownloadException.class)
                .hasMessage("Downloading dataset cifar10 from " + url("missing") + " failed: HTTP status 404; " + HINT);
        assertThat(filesIn(storage.resolve("datasets/cifar10"))).isEmpty();
    }

    @Test
    void aRefusedConnectionIsReported() {
        URI closedPort = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/ok/x.tar.gz");
        server.stop(0);

        assertThatThrownBy(() -> downloader.ensureDownloaded("cifar10", closedPort, null))
                .isInstanceOf(DatasetDownloadException.class)
                .hasMessageContaining("ConnectException")
                .hasMessageEndingWith(HINT);
    }

    private URI url(String context) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + context + "/cifar-10-binary.tar.gz");
    }

    private void respond(HttpExchange exchange, int status, long declaredLength, byte[] body) throws IOException {
        requests.incrementAndGet();
        exchange.sendResponseHeaders(status, declaredLength);
        // With fewer bytes than declared, close() throws, and the server drops the connection.
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<String> filesIn(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(file -> file.getFileName().toString()).toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
