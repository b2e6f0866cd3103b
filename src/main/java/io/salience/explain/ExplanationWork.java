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
 * {@code Retry-After}. Equal requests share one computation. Failures are not kept, so a retry
 * computes again.
 */
@Component
public class ExplanationWork {

    private static final long RETRY_AFTER_SECONDS = 2;

    private final ExplainProperties properties;
    private final ThreadPoolExecutor executor;
    private final Map<String, CompletableFuture<Object>> results;

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
        this.results = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, CompletableFuture<Object>> eldest) {
                return size() > properties.resultCacheSize() && eldest.getValue().isDone();
            }
        };
    }

    /**
     * The result of {@code work}, computed once per {@code key} (which must name everything the
     * result depends on, the checkpoint's version included).
     */
    @SuppressWarnings("unchecked")
    public <T> T await(String key, Supplier<T> work) {
        CompletableFuture<Object> future;
        synchronized (results) {
            future = results.get(key);
            if (future == null) {
                future = new CompletableFuture<>();
                CompletableFuture<Object> mine = future;
                try {
                    executor.execute(() -> {
                        try {
                            mine.complete(work.get());
                        } catch (Throwable e) {
                            forget(key, mine);
                            mine.completeExceptionally(e);
                        }
                    });
                } catch (RejectedExecutionException e) {
                    throw new BusyException(executor.getQueue().size() + " explanations are waiting already; try again "
                            + "in a moment", RETRY_AFTER_SECONDS);
                }
                results.put(key, future);
            }
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

    private void forget(String key, CompletableFuture<Object> future) {
        synchronized (results) {
            results.remove(key, future);
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
