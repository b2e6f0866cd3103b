package io.salience.data;

import io.salience.errors.BusyException;
import io.salience.errors.NotFoundException;
import io.salience.errors.UnavailableException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The configured datasets, loaded on first use and then kept in memory (CIFAR-10 is about 180 MB).
 *
 * <p>Each dataset loads at most once at a time: concurrent callers wait for the same load. A
 * failed load is not cached, so fixing the files (or the network) and asking again works; its
 * message is kept for {@link #lastError}.
 */
@Service
public class DatasetRegistry {

    private static final Logger log = LoggerFactory.getLogger(DatasetRegistry.class);

    private final Map<String, Slot> slots = new LinkedHashMap<>();
    private final DatasetDownloader downloader;
    /** Downloads and reads happen here, one at a time, never on a request thread. */
    private final java.util.concurrent.ExecutorService preparer = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "dataset-preparer");
        t.setDaemon(true);
        return t;
    });

    public DatasetRegistry(DatasetProperties properties, DatasetDownloader downloader) {
        this.downloader = downloader;
        properties.datasets().forEach((name, definition) -> slots.put(name, new Slot(name, definition)));
    }

    /** Configured dataset names, in configuration order. */
    public List<String> names() {
        return List.copyOf(slots.keySet());
    }

    public boolean exists(String name) {
        return slots.containsKey(name);
    }

    /**
     * The dataset, loading (and downloading) it on first use.
     *
     * @throws NotFoundException when no dataset has that name
     * @throws UnavailableException when it cannot be downloaded or read; the message says why
     */
    public ImageDataset load(String name) {
        return slot(name).load();
    }

    /** After a failed preparation, requests that merely need the dataset wait this long before they try again. */
    static final java.time.Duration RETRY_AFTER_FAILURE = java.time.Duration.ofMinutes(1);

    /**
     * The dataset if it is loaded; otherwise its preparation (download, checksum, read) starts in
     * the background and a 503 with {@code Retry-After} says so. For request threads that need it
     * for something a job made (a checkpoint's test images). A failed preparation is tried again
     * by such requests only after {@link #RETRY_AFTER_FAILURE}, so that they cannot start a
     * download after download ({@code prepare} tries at once).
     */
    public ImageDataset ready(String name) {
        Slot slot = slot(name);
        ImageDataset dataset = slot.dataset;
        if (dataset != null) {
            return dataset;
        }
        String error = slot.lastError();
        long sinceFailure = System.nanoTime() - slot.failedAt;
        if (error != null && sinceFailure < RETRY_AFTER_FAILURE.toNanos()) {
            long wait = Math.max(1, (RETRY_AFTER_FAILURE.toNanos() - sinceFailure) / 1_000_000_000L);
            throw new BusyException("dataset " + name + " could not be prepared (" + error + "); it is tried again in "
                    + wait + " s, or at once with POST /api/datasets/" + name + "/prepare", wait);
        }
        prepare(name);
        throw new BusyException("dataset " + name + " is being prepared (downloaded if needed and read) in the "
                + "background; try again in a moment" + (error == null ? "" : " (its last attempt failed: " + error + ")"),
                5);
    }

    /**
     * Like {@link #ready}, but never downloads (for requests that anyone may send): a dataset whose
     * files are on disk is read in the background; one that would need a download answers 503
     * until a job, a checkpoint's view or {@code prepare} fetched it.
     */
    public ImageDataset readyWithoutDownload(String name) {
        Slot slot = slot(name);
        if (slot.dataset == null && slot.definition.path() == null
                && !downloader.isDownloaded(name, slot.definition.url())) {
            throw new BusyException("dataset " + name + " has not been downloaded on this instance; a job or a "
                    + "checkpoint of it fetches it, or POST /api/datasets/" + name + "/prepare", 30);
        }
        return ready(name);
    }

    /** Starts loading the dataset in the background unless it is loaded or loading; describes it. */
    public DatasetInfo prepare(String name) {
        Slot slot = slot(name);
        if (slot.dataset == null && slot.preparing.compareAndSet(false, true)) {
            preparer.execute(() -> {
                try {
                    slot.load();
                } catch (RuntimeException e) {
                    // Recorded in the slot's lastError, shown by describe.
                } finally {
                    slot.preparing.set(false);
                }
            });
        }
        return describe(name);
    }

    /** Describes the dataset without loading it: sizes and classes once loaded, else its state and last error. */
    public DatasetInfo describe(String name) {
        Slot slot = slot(name);
        ImageDataset dataset = slot.dataset;
        if (dataset != null) {
            return DatasetInfo.of(dataset);
        }
        String state = slot.preparing.get() ? DatasetInfo.PREPARING
                : slot.lastError() != null ? DatasetInfo.FAILED : DatasetInfo.NOT_PREPARED;
        return DatasetInfo.unavailable(name, slot.definition.format(), state, slot.lastError(),
                downloader.progress(name).orElse(null));
    }

    /** Whether the dataset is in memory (describing it then gives its sizes). */
    public boolean isLoaded(String name) {
        return slot(name).dataset != null;
    }

    @jakarta.annotation.PreDestroy
    void close() {
        preparer.shutdownNow();
    }

    /** The message of the last failed load of {@code name}, if its last load failed. */
    public Optional<String> lastError(String name) {
        return Optional.ofNullable(slot(name).lastError());
    }

    private Slot slot(String name) {
        Slot slot = slots.get(name);
        if (slot == null) {
            throw new NotFoundException("unknown dataset '" + name + "'; known: " + String.join(", ", slots.keySet()));
        }
        return slot;
    }

    private ImageDataset read(String name, DatasetDefinition definition) {
        Path source = definition.path() != null
                ? definition.path()
                : downloader.ensureDownloaded(name, definition.url(), definition.md5());
        log.info("Loading dataset {} ({}) from {}", name, definition.format(), source);
        ImageDataset dataset = DatasetFormats.reader(definition.format()).read(name, source, definition.normalization());
        log.info("Loaded dataset {}: {} training and {} test images, {} classes, {}", name, dataset.train().size(),
                dataset.test().size(), dataset.classes().size(), dataset.normalization());
        return dataset;
    }

    /** One dataset's load state; its monitor makes concurrent loads wait for each other. */
    private final class Slot {
        private final String name;
        private final DatasetDefinition definition;
        private volatile ImageDataset dataset;
        private volatile String lastError;
        private volatile long failedAt;
        private final java.util.concurrent.atomic.AtomicBoolean preparing = new java.util.concurrent.atomic.AtomicBoolean();

        Slot(String name, DatasetDefinition definition) {
            this.name = name;
            this.definition = definition;
        }

        ImageDataset load() {
            ImageDataset loaded = dataset;
            return loaded != null ? loaded : loadOnce();
        }

        private synchronized ImageDataset loadOnce() {
            if (dataset == null) {
                try {
                    dataset = read(name, definition);
                    lastError = null;
                } catch (UnavailableException e) {
                    throw failed(e);
                } catch (RuntimeException e) {
                    // Unexpected, but still the data's fault: answer 503 with the reason, not 500.
                    throw failed(new DatasetFormatException("dataset " + name + " could not be loaded: " + e, e));
                }
            }
            return dataset;
        }

        private UnavailableException failed(UnavailableException e) {
            lastError = e.getMessage();
            failedAt = System.nanoTime();
            log.warn("Dataset {} is unavailable: {}", name, e.getMessage());
            return e;
        }

        String lastError() {
            return lastError;
        }
    }
}
