package io.salience.explain;

import io.salience.errors.BusyException;
import io.salience.errors.StillComputingException;
import io.salience.explain.cam.ExplainProperties;
import jakarta.annotation.PreDestroy;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * Runs explanations off the request threads, on a bounded executor, and keeps the finished ones
 * by key: a request waits up to {@code salience.explain.request-wait} for its result, then gets 202 with
 * {@code Retry-After} and finds the result when it asks again; a full queue answers 503 with
 * {@code Retry-After}. Equal requests share one computation. Finished results are kept, least
 * recently used dropped first, within {@code result-cache-size} entries and
 * {@code result-cache-megabytes} (pictures are kept decoded, so a comparison grid weighs tens of
 * megabytes). Failures are not kept, so a retry computes again.
 */
@Component
public class ExplanationWork {

    private static final long RETRY_AFTER_SECONDS = 2;

    private final ExplainProperties properties;
    private final ThreadPoolExecutor executor;
    private final Map<String, CompletableFuture<Object>> results;
    /** Weight of each finished result in {@link #results}; guarded by its lock. */
    private final Map<String, Long> weights = new java.util.HashMap<>();
    private long cachedBytes;

    public ExplanationWork(ExplainProperties properties) {
        this.properties = properties;
        AtomicInteger counter = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(properties.threads(), properties.threads(), 0, TimeUnit.SECONDS,
                properties.queueCapacity() == 0 ? new java.util.concurrent.SynchronousQueue<>()
                        : new ArrayBlockingQueue<>(properties.queueCapacity()),
                r -> {
                    Thread t = new Thread(r, "explain-" + counter.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.results = new LinkedHashMap<>(16, 0.75f, true);
    }

    /** Bytes a finished result holds, roughly: pictures are kept decoded, so they weigh most. */
    static long weight(Object result) {
        if (result instanceof java.awt.image.BufferedImage image) {
            return 4L * image.getWidth() * image.getHeight();
        }
        if (result instanceof Grid grid) {
            return 4L * grid.image().getWidth() * grid.image().getHeight() + 8L * grid.imageIds().size();
        }
        if (result instanceof CamView view) {
            return 4L * view.values().length + 1024;
        }
        return 1024;
    }

    /**
     * Drops the least recently used finished results beyond the count and byte limits, never
     * {@code keep} (the result just finished: dropped at once, a result larger than the budget
     * would be computed again by every poll of its client). Holds the map's lock.
     */
    private void trim(String keep) {
        long maxBytes = properties.resultCacheMegabytes() * 1024L * 1024L;
        var it = results.entrySet().iterator();
        while ((results.size() > properties.resultCacheSize() || cachedBytes > maxBytes) && it.hasNext()) {
            Map.Entry<String, CompletableFuture<Object>> eldest = it.next();
            if (eldest.getValue().isDone() && !eldest.getKey().equals(keep)) {
                it.remove();
                Long w = weights.remove(eldest.getKey());
                cachedBytes -= w == null ? 0 : w;
            }
        }
    }

    /**
     * The result of {@code work}, computed once per {@code key} (which must name everything the
     * result depends on, the checkpoint's version included), on the explanation executor.
     */
    public <T> T await(String key, Supplier<T> work) {
        return await(key, work, false);
    }

    /**
     * Like {@link #await}, but {@code work} runs on the calling thread: for explanations whose only
     * heavy part is a forward pass that waits in the micro-batcher's bounded queue (503 beyond it)
     * and is shared with concurrent requests. Equal requests still share one computation, and the
     * result is kept like the others.
     */
    public <T> T awaitShared(String key, Supplier<T> work) {
        return await(key, work, true);
    }

    @SuppressWarnings("unchecked")
    private <T> T await(String key, Supplier<T> work, boolean onCallingThread) {
        CompletableFuture<Object> future;
        Runnable task = null;
        synchronized (results) {
            future = results.get(key);
            if (future == null) {
                future = new CompletableFuture<>();
                CompletableFuture<Object> mine = future;
                task = () -> compute(key, mine, work);
                if (!onCallingThread) {
                    try {
                        executor.execute(task);
                    } catch (RejectedExecutionException e) {
                        throw new BusyException(executor.getQueue().size() + " explanations are waiting already; "
                                + "try again in a moment", RETRY_AFTER_SECONDS);
                    }
                    task = null;
                }
                results.put(key, future);
                trim(null);
            }
        }
        if (task != null) {
            task.run(); // outside the lock: other requests go on meanwhile
        }
        try {
            return (T) future.get(properties.requestWait().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new StillComputingException("the explanation is being computed; ask again with the same request",
                    RETRY_AFTER_SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StillComputingException("interrupted while waiting; ask again", RETRY_AFTER_SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException c && c.getCause() != null ? c.getCause()
                    : e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
    }

    private void compute(String key, CompletableFuture<Object> mine, Supplier<?> work) {
        try {
            Object value = work.get();
            synchronized (results) {
                if (results.get(key) == mine) {
                    long w = weight(value);
                    weights.put(key, w);
                    cachedBytes += w;
                }
                mine.complete(value);
                trim(key);
            }
        } catch (Throwable e) {
            forget(key, mine);
            mine.completeExceptionally(e);
        }
    }

    private void forget(String key, CompletableFuture<Object> future) {
        synchronized (results) {
            if (results.remove(key, future)) {
                Long w = weights.remove(key);
                cachedBytes -= w == null ? 0 : w;
            }
        }
    }

    /** Bytes the finished results hold now (roughly). */
    public long cachedBytes() {
        synchronized (results) {
            return cachedBytes;
        }
    }

    /** Explanations queued or running. */
    public int pending() {
        return executor.getQueue().size() + executor.getActiveCount();
    }

    @PreDestroy
    void close() {
        executor.shutdownNow();
    }
}
