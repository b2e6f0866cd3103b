package io.salience.serving;

import ai.djl.ndarray.NDManager;
import io.salience.checkpoints.Checkpoint;
import io.salience.checkpoints.CheckpointService;
import io.salience.engine.DjlRuntime;
import io.salience.errors.BusyException;
import io.salience.errors.NotFoundException;
import io.salience.errors.UnavailableException;
import io.salience.training.CheckpointFiles;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The loaded checkpoints, least recently used dropped first. A checkpoint is loaded once even
 * when many requests ask for it at the same moment: the first one loads, the others wait for it.
 * A LAST checkpoint rewritten by a running job is a new version and is loaded again.
 */
@Component
public class ModelCache implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ModelCache.class);

    private record Version(long checkpointId, int epoch, Instant writtenAt) {}

    private final DjlRuntime runtime;
    private final CheckpointService checkpoints;
    private final int capacity;
    private final LinkedHashMap<Version, CompletableFuture<LoadedModel>> entries = new LinkedHashMap<>(16, 0.75f, true);
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();

    public ModelCache(DjlRuntime runtime, CheckpointService checkpoints, ServingProperties properties) {
        this.runtime = runtime;
        this.checkpoints = checkpoints;
        this.capacity = Math.max(1, properties.cacheSize());
    }

    /** A model in use; close it when the request is done with it. */
    public static final class Lease implements AutoCloseable {
        private final LoadedModel model;

        Lease(LoadedModel model) {
            this.model = model;
        }

        public LoadedModel model() {
            return model;
        }

        @Override
        public void close() {
            model.release();
        }
    }

    public Lease acquire(Checkpoint checkpoint) {
        Version version = new Version(checkpoint.getId(), checkpoint.getEpoch(), checkpoint.getCreatedAt());
        while (true) {
            CompletableFuture<LoadedModel> future;
            boolean mine = false;
            synchronized (entries) {
                future = entries.get(version);
                if (future == null) {
                    future = new CompletableFuture<>();
                    entries.put(version, future);
                    mine = true;
                    dropOlderVersionsAndOverflow(version);
                }
            }
            if (mine) {
                misses.incrementAndGet();
                load(checkpoint, version, future);
            } else {
                hits.incrementAndGet();
            }
            LoadedModel model;
            try {
                model = future.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new UnavailableException(e.getMessage(), e);
            }
            if (model.retain()) {
                return new Lease(model);
            }
            // Evicted and closed between join and retain: load it again.
        }
    }

    private void load(Checkpoint checkpoint, Version version, CompletableFuture<LoadedModel> future) {
        NDManager manager = runtime.newManager();
        try {
            CheckpointFiles.Loaded loaded = CheckpointFiles.load(checkpoints.file(checkpoint), manager);
            // A LAST file is rewritten each epoch before its record: the weights must be the record's epoch.
            if (loaded.header().epoch() != checkpoint.getEpoch()) {
                throw new BusyException("checkpoint " + checkpoint.getId() + " is being rewritten (its file holds epoch "
                        + loaded.header().epoch() + ", its record epoch " + checkpoint.getEpoch() + "); try again",
                        1);
            }
            log.info("Loaded checkpoint {} (job {}, {}, epoch {})", checkpoint.getId(), checkpoint.getJobId(),
                    checkpoint.getKind(), checkpoint.getEpoch());
            future.complete(new LoadedModel(checkpoint.getId(), loaded.model(), manager));
        } catch (Throwable e) {
            // Whatever happened (out of memory included), waiting requests must not hang on the future.
            manager.close();
            synchronized (entries) {
                entries.remove(version, future);
            }
            // A lost stored object (NotFound) and a rewrite in progress (Busy) keep their own answers.
            future.completeExceptionally(e instanceof BusyException || e instanceof NotFoundException ? e
                    : e instanceof NoSuchFileException
                    ? new NotFoundException("the file of checkpoint " + checkpoint.getId() + " is gone (job deleted?)")
                    : new UnavailableException("checkpoint " + checkpoint.getId() + " cannot be loaded: " + e, e));
        }
    }

    /**
     * Drops older versions of the current checkpoint, then the least recently used models beyond
     * the capacity; never one still loading: its requests are waiting for it, and dropping it would
     * close it the moment it arrives and send them to load it again. The cache may hold more than
     * its capacity while loads run; the next new entry trims it.
     */
    private void dropOlderVersionsAndOverflow(Version current) {
        Iterator<Map.Entry<Version, CompletableFuture<LoadedModel>>> it = entries.entrySet().iterator();
        int excess = entries.size() - capacity;
        while (it.hasNext()) {
            Map.Entry<Version, CompletableFuture<LoadedModel>> e = it.next();
            boolean stale = e.getKey().checkpointId() == current.checkpointId() && !e.getKey().equals(current);
            boolean overflow = excess > 0 && !e.getKey().equals(current) && e.getValue().isDone();
            if (stale || overflow) {
                it.remove();
                excess--;
                e.getValue().thenAccept(LoadedModel::evict);
            }
        }
    }

    public long hits() {
        return hits.get();
    }

    public long misses() {
        return misses.get();
    }

    @Override
    public void close() {
        synchronized (entries) {
            entries.values().forEach(f -> f.thenAccept(LoadedModel::evict));
            entries.clear();
        }
    }
}
