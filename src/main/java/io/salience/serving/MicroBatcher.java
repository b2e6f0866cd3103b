package io.salience.serving;

import io.salience.data.ImageSplit;
import io.salience.errors.BusyException;
import io.salience.errors.UnavailableException;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Forward passes of single images that arrive close together (predictions, and layer4 Grad-CAM
 * and its kin, which need nothing else) share one pass. Requests queue (bounded: a full
 * queue is a 503 with Retry-After); one thread takes the oldest, adds every queued request for the
 * same loaded model (those that arrived during the previous pass at once, then, when the previous
 * pass was shared too, for up to {@code max-wait} more), up to {@code max-size} images, and runs them as one batch. On a CPU a
 * batch of 16 costs far less than 16 batches of one, and the engine's threads stay busy with one
 * pass instead of fighting over the cores for many. The batcher holds the model for the length
 * of each pass: a caller that stops waiting (timeout) gives its lease back at once, and an evicted
 * model must not be closed under the pass of the others.
 */
@Component
public class MicroBatcher {

    private static final Logger log = LoggerFactory.getLogger(MicroBatcher.class);

    private record Pending(LoadedModel model, float[] image, CompletableFuture<Inference.Forward> result) {}

    private final Inference inference;
    private final ServingProperties.MicroBatch settings;
    private final BlockingQueue<Pending> queue;
    private final Thread worker;
    private final DistributionSummary batchSizes;
    private volatile boolean running = true;
    /** Whether the last pass served more than one request: only then is waiting for company worth it. */
    private boolean busy;

    @org.springframework.beans.factory.annotation.Autowired
    public MicroBatcher(Inference inference, ServingProperties properties, MeterRegistry meters) {
        this(inference, properties, meters, true);
    }

    /** @param start false leaves the passes to nobody (tests of the queue's limits) */
    MicroBatcher(Inference inference, ServingProperties properties, MeterRegistry meters, boolean start) {
        this.inference = inference;
        this.settings = properties.microBatch();
        this.queue = new ArrayBlockingQueue<>(Math.max(1, settings.queueCapacity()));
        this.batchSizes = DistributionSummary.builder("salience.prediction.batch.size")
                .description("images per shared forward pass (predictions and one-pass explanations)").register(meters);
        Gauge.builder("salience.prediction.queued", queue, BlockingQueue::size)
                .description("predictions and one-pass explanations waiting for a forward pass").register(meters);
        this.worker = new Thread(this::run, "prediction-batcher");
        this.worker.setDaemon(true);
        if (start && settings.maxSize() > 1) {
            worker.start();
        }
    }

    /** Class scores of one normalized image ({@code 3 x 32 x 32} floats), computed in a shared pass. */
    public float[] logits(LoadedModel model, float[] image) {
        return forward(model, image).logits();
    }

    /** Class scores and layer4 activations of one normalized image, computed in a shared pass. */
    public Inference.Forward forward(LoadedModel model, float[] image) {
        if (settings.maxSize() <= 1) {
            return inference.forward(model, image, 0, 1);
        }
        Pending pending = new Pending(model, image, new CompletableFuture<>());
        if (!queue.offer(pending)) {
            throw new BusyException(queue.size() + " forward passes are waiting already; try again shortly", 1);
        }
        try {
            return pending.result().get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            pending.result().cancel(false);
            throw new BusyException("the request waited " + settings.timeout().toSeconds()
                    + " s for its forward pass; try again", 1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("interrupted while waiting for a forward pass", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r
                    : new UnavailableException("the forward pass failed: " + e.getCause(), e.getCause());
        }
    }

    private void run() {
        // Requests of another model taken while filling a batch: they go first next time.
        Deque<Pending> carried = new ArrayDeque<>();
        while (running) {
            try {
                Pending first = carried.isEmpty() ? queue.poll(200, TimeUnit.MILLISECONDS) : carried.poll();
                if (first == null) {
                    continue;
                }
                List<Pending> batch = collect(first, carried);
                runBatch(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | Error e) {
                log.error("prediction batcher: unexpected failure", e);
            }
        }
    }

    private List<Pending> collect(Pending first, Deque<Pending> carried) throws InterruptedException {
        List<Pending> batch = new ArrayList<>();
        batch.add(first);
        // Those carried over from the last round first, then what is queued now, then a short wait.
        int carriedCount = carried.size();
        for (int i = 0; i < carriedCount && batch.size() < settings.maxSize(); i++) {
            Pending p = carried.poll();
            if (p.model() == first.model()) {
                batch.add(p);
            } else {
                carried.addLast(p);
            }
        }
        // A lone client pays no wait; under load a few milliseconds buy larger, cheaper passes.
        long deadline = System.nanoTime() + (busy ? settings.maxWait().toNanos() : 0);
        while (batch.size() < settings.maxSize()) {
            Pending next = queue.poll();
            if (next == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || (next = queue.poll(left, TimeUnit.NANOSECONDS)) == null) {
                    break;
                }
            }
            if (next.model() == first.model()) {
                batch.add(next);
            } else {
                carried.addLast(next);
            }
        }
        busy = batch.size() > 1;
        return batch;
    }

    private void runBatch(List<Pending> batch) {
        List<Pending> live = batch.stream().filter(p -> !p.result().isDone()).toList(); // timed-out ones are dropped
        if (live.isEmpty()) {
            return;
        }
        int n = live.size();
        float[] images = new float[n * ImageSplit.IMAGE_BYTES];
        for (int i = 0; i < n; i++) {
            System.arraycopy(live.get(i).image(), 0, images, i * ImageSplit.IMAGE_BYTES, ImageSplit.IMAGE_BYTES);
        }
        LoadedModel model = live.get(0).model();
        if (!model.retain()) {
            // Every lease of it was given back (its requests timed out) and it was evicted meanwhile.
            live.forEach(p -> p.result().completeExceptionally(
                    new BusyException("the checkpoint's model was unloaded meanwhile; try again", 1)));
            return;
        }
        try {
            Inference.Forward shared = inference.forward(model, images, 0, n);
            int classes = shared.logits().length / n;
            int features = Inference.LAYER4_FLOATS;
            for (int i = 0; i < n; i++) {
                float[] logits = new float[classes];
                System.arraycopy(shared.logits(), i * classes, logits, 0, classes);
                float[] layer4 = new float[features];
                System.arraycopy(shared.layer4(), i * features, layer4, 0, features);
                live.get(i).result().complete(new Inference.Forward(logits, layer4));
            }
            batchSizes.record(n);
        } catch (RuntimeException | Error e) {
            live.forEach(p -> p.result().completeExceptionally(e));
        } finally {
            model.release();
        }
    }

    /** Stops the passes; requests still queued fail with 503. */
    @PreDestroy
    public void stop() {
        running = false;
        worker.interrupt();
        Pending p;
        while ((p = queue.poll()) != null) {
            p.result().completeExceptionally(new UnavailableException("the service is shutting down"));
        }
    }
}
