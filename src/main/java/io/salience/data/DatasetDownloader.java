package io.salience.data;

import io.salience.storage.AtomicFiles;
import io.salience.storage.StorageProperties;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Downloads a dataset archive once into {@code <storage>/datasets/<name>/<file name of the URL>}.
 *
 * <p>The file only appears under its final name after it has been completely received and its MD5
 * checked, so a present file is a good file. A {@code <file>.md5} marker records the checked hash,
 * so later starts reuse the file without hashing 160 MB again; a file without a matching marker
 * (copied there by hand, or the configured MD5 changed) is checked once. Any failure removes the
 * partial download and says how to provide the file by hand.
 */
@Component
public class DatasetDownloader {

    private static final Logger log = LoggerFactory.getLogger(DatasetDownloader.class);
    private static final long UNKNOWN_LENGTH_LOG_STEP = 10L << 20;

    private final Path datasetsDir;
    private final HttpClient client;
    private final Duration stallTimeout;

    @Autowired
    public DatasetDownloader(StorageProperties storage) {
        this(storage.datasetsDir(), HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(30))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build(), Duration.ofSeconds(60));
    }

    /** @param stallTimeout how long the body may send nothing before the download is abandoned */
    DatasetDownloader(Path datasetsDir, HttpClient client, Duration stallTimeout) {
        this.datasetsDir = datasetsDir;
        this.client = client;
        this.stallTimeout = stallTimeout;
    }

    /**
     * Returns the local copy of {@code url} for dataset {@code datasetName}, downloading it first
     * when needed.
     *
     * @param md5 expected MD5 in hex, or {@code null}/blank to skip the check
     * @throws DatasetDownloadException when the download or the check fails
     */
    /** Whether the file of {@code url} is on disk already (checked, if at all, when it is used). */
    public boolean isDownloaded(String datasetName, URI url) {
        return Files.isRegularFile(datasetsDir.resolve(datasetName).resolve(fileName(url)));
    }

    public Path ensureDownloaded(String datasetName, URI url, String md5) {
        String expectedMd5 = md5 == null || md5.isBlank() ? null : md5.strip().toLowerCase(Locale.ROOT);
        Path target = datasetsDir.resolve(datasetName).resolve(fileName(url));
        Path marker = target.resolveSibling(target.getFileName() + ".md5");
        try {
            if (Files.isRegularFile(target)) {
                if (expectedMd5 == null || expectedMd5.equals(readMarker(marker)) || hasMd5(target, expectedMd5, marker)) {
                    return target;
                }
                log.warn("{} does not have MD5 {}; downloading it again", target, expectedMd5);
            }
            download(datasetName, url, expectedMd5, target, marker);
            return target;
        } catch (IOException e) {
            throw failure(datasetName, url, describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(datasetName, url, "interrupted", e);
        }
    }

    private void download(String datasetName, URI url, String expectedMd5, Path target, Path marker)
            throws IOException, InterruptedException {
        Files.createDirectories(target.getParent());
        Path partial = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".part");
        try {
            log.info("Downloading dataset {} from {} to {}", datasetName, url, target);
            // The stall deadline covers the wait for the headers too: a server that accepts the
            // connection and never answers must not keep the dataset "preparing" for ever.
            HttpRequest request = HttpRequest.newBuilder(url).timeout(stallTimeout).GET().build();
            HttpResponse<InputStream> response;
            try {
                response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            } catch (java.net.http.HttpTimeoutException e) {
                throw failure(datasetName, url, "no answer within " + stallTimeout.toMillis() + " ms", e);
            }
            String actualMd5;
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw failure(datasetName, url, "HTTP status " + response.statusCode(), null);
                }
                long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
                actualMd5 = copy(body, partial, length, datasetName);
            }
            if (expectedMd5 != null && !expectedMd5.equals(actualMd5)) {
                throw failure(datasetName, url, "the file's MD5 is " + actualMd5 + ", expected " + expectedMd5, null);
            }
            AtomicFiles.move(partial, target);
            // After the move: a crash in between only costs one more check of the file.
            if (expectedMd5 != null) {
                writeMarker(marker, actualMd5);
            }
            log.info("Downloaded dataset {} ({} bytes)", datasetName, Files.size(target));
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /** Bytes of a download in progress (or last finished), and its length (-1: unknown). */
    public record Progress(long bytes, long length) {}

    private final java.util.Map<String, Progress> progress = new java.util.concurrent.ConcurrentHashMap<>();

    /** How far the download of a dataset got, if one started. */
    public java.util.Optional<Progress> progress(String datasetName) {
        return java.util.Optional.ofNullable(progress.get(datasetName));
    }

    /** Copies the body to {@code file}, logging progress, and returns its MD5. */
    private String copy(InputStream body, Path file, long length, String datasetName) throws IOException {
        MessageDigest digest = md5();
        long copied = 0;
        long nextLog = logStep(length);
        try (StallGuard guard = new StallGuard(body, stallTimeout);
                InputStream in = new DigestInputStream(body, digest);
                OutputStream out = Files.newOutputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int n = guard.read(in, buffer); n >= 0; n = guard.read(in, buffer)) {
                out.write(buffer, 0, n);
                copied += n;
                progress.put(datasetName, new Progress(copied, length));
                if (copied >= nextLog) {
                    logProgress(datasetName, copied, length);
                    nextLog += logStep(length);
                }
            }
        } catch (IOException e) {
            throw new IOException("the transfer broke off after " + copied + (length >= 0 ? " of " + length : "")
                    + " bytes", e);
        }
        if (length >= 0 && copied != length) {
            throw new IOException("the connection closed after " + copied + " of " + length + " bytes");
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static long logStep(long length) {
        return length > 0 ? Math.max(1, length / 10) : UNKNOWN_LENGTH_LOG_STEP;
    }

    private static void logProgress(String datasetName, long copied, long length) {
        if (length > 0) {
            log.info("Downloading dataset {}: {}% ({} of {} MB)", datasetName, copied * 100 / length,
                    copied >> 20, length >> 20);
        } else {
            log.info("Downloading dataset {}: {} MB", datasetName, copied >> 20);
        }
    }

    /** Checks a file that has no marker (yet) and records the result when it matches. */
    private static boolean hasMd5(Path file, String expectedMd5, Path marker) throws IOException {
        MessageDigest digest = md5();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        if (!expectedMd5.equals(HexFormat.of().formatHex(digest.digest()))) {
            return false;
        }
        writeMarker(marker, expectedMd5);
        return true;
    }

    private static String readMarker(Path marker) throws IOException {
        return Files.isRegularFile(marker) ? Files.readString(marker, StandardCharsets.US_ASCII).strip() : null;
    }

    private static void writeMarker(Path marker, String md5) throws IOException {
        AtomicFiles.write(marker, out -> out.write(md5.getBytes(StandardCharsets.US_ASCII)));
    }

    private static String fileName(URI url) {
        String path = url.getPath();
        String name = path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
        if (name.isEmpty() || name.equals("..") || name.equals(".")) {
            throw new IllegalArgumentException("the URL " + url + " does not end with a file name");
        }
        return name;
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no MD5", e);
        }
    }

    /** The exception and its causes in one line: HttpClient's own messages are often empty. */
    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder(e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
        Throwable previous = e;
        for (Throwable cause = e.getCause(); cause != null && cause != previous; cause = cause.getCause()) {
            boolean sayNothingNew = cause.getMessage() == null && cause.getClass() == previous.getClass();
            if (!sayNothingNew) {
                text.append(" (").append(cause.getClass().getSimpleName());
                text.append(cause.getMessage() != null ? ": " + cause.getMessage() + ")" : ")");
            }
            previous = cause;
        }
        return text.toString();
    }

    /**
     * Closes the body when no data arrives for a while: HttpClient has no read timeout, and a
     * stalled connection would otherwise block the dataset's load (and everyone waiting) forever.
     */
    private static final class StallGuard implements AutoCloseable {
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "dataset-download-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        private final Duration timeout;
        private volatile long lastData = System.nanoTime();
        private volatile boolean stalled;

        StallGuard(InputStream body, Duration timeout) {
            this.timeout = timeout;
            long period = Math.max(1, timeout.toMillis() / 4);
            timer.scheduleAtFixedRate(() -> {
                if (System.nanoTime() - lastData > timeout.toNanos()) {
                    stalled = true;
                    try {
                        body.close(); // makes the blocked read throw
                    } catch (IOException ignored) {
                        // the download fails either way
                    }
                }
            }, period, period, TimeUnit.MILLISECONDS);
        }

        int read(InputStream in, byte[] buffer) throws IOException {
            try {
                int n = in.read(buffer);
                lastData = System.nanoTime();
                return n;
            } catch (IOException e) {
                throw stalled ? new IOException("no data received for " + describe(timeout), e) : e;
            }
        }

        @Override
        public void close() {
            timer.shutdownNow();
        }

        private static String describe(Duration duration) {
            return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
        }
    }

    private static DatasetDownloadException failure(String datasetName, URI url, String what, Throwable cause) {
        return new DatasetDownloadException("Downloading dataset " + datasetName + " from " + url + " failed: " + what
                + "; download it yourself and set salience.datasets." + datasetName
                + ".path to the folder or .tar.gz (see README)", cause);
    }
}
