package io.salience.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.salience.TestEngine;
import io.salience.engine.DjlRuntime;
import io.salience.errors.BusyException;
import io.salience.model.CifarResNet;
import io.salience.model.ModelFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MicroBatcherTest {

    private static final DjlRuntime RUNTIME = TestEngine.runtime();
    private static final Inference INFERENCE = new Inference(RUNTIME);
    private static LoadedModel loaded;

    @BeforeAll
    static void model() {
        NDManager manager = RUNTIME.newManager();
        CifarResNet model = ModelFactory.create(manager, 10, 4);
        model.getParameters().forEach(p -> p.getValue().getArray().setRequiresGradient(false));
        loaded = new LoadedModel(1, model, manager);
    }

    @AfterAll
    static void close() {
        loaded.evict();
    }

    private static float[] image(long seed) {
        Random random = new Random(seed);
        float[] x = new float[3072];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        return x;
    }

    private static ServingProperties settings(int maxSize, Duration maxWait, int capacity, Duration timeout) {
        return new ServingProperties(4, 8192, new ServingProperties.MicroBatch(maxSize, maxWait, capacity, timeout));
    }

    @Test
    void concurrentRequestsShareForwardPassesAndEachGetsItsOwnScores() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        MicroBatcher batcher = new MicroBatcher(INFERENCE, settings(8, Duration.ofMillis(20), 64, Duration.ofSeconds(60)),
                meters);
        ExecutorService clients = Executors.newFixedThreadPool(16);
        try {
            List<Future<float[]>> answers = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                float[] x = image(i);
                answers.add(clients.submit(() -> batcher.logits(loaded, x)));
            }
            for (int i = 0; i < 32; i++) {
                float[] alone = INFERENCE.logits(loaded, image(i), 1);
                // The same scores as the image's own pass (the norm is per sample; only summation order may differ).
                float[] shared = answers.get(i).get();
                assertThat(shared).hasSize(10);
                for (int c = 0; c < 10; c++) {
                    assertThat(shared[c]).as("image %d class %d", i, c).isCloseTo(alone[c],
                            org.assertj.core.data.Offset.offset(1e-4f));
                }
            }
            var sizes = meters.get("salience.prediction.batch.size").summary();
            assertThat(sizes.count()).as("passes").isLessThan(32);
            assertThat(sizes.max()).as("largest pass").isGreaterThan(1).isLessThanOrEqualTo(8);
        } finally {
            clients.shutdownNow();
            batcher.stop();
        }
    }

    @Test
    void aSharedPassGivesEachRequestItsOwnImagesLayer4Activations() throws Exception {
        MicroBatcher batcher = new MicroBatcher(INFERENCE, settings(8, Duration.ofMillis(20), 64, Duration.ofSeconds(60)),
                new SimpleMeterRegistry());
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Future<Inference.Forward>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                float[] x = image(100 + i);
                answers.add(clients.submit(() -> batcher.forward(loaded, x)));
            }
            for (int i = 0; i < 8; i++) {
                Inference.Forward alone = INFERENCE.forward(loaded, image(100 + i), 0, 1);
                Inference.Forward shared = answers.get(i).get();
                assertThat(shared.layer4()).hasSize(Inference.LAYER4_FLOATS);
                for (int f = 0; f < Inference.LAYER4_FLOATS; f += 97) {
                    assertThat(shared.layer4()[f]).as("image %d feature %d", i, f).isCloseTo(alone.layer4()[f],
                            org.assertj.core.data.Offset.offset(1e-4f));
                }
            }
        } finally {
            clients.shutdownNow();
            batcher.stop();
        }
    }

    @Test
    void aFullQueueAnswersBusyAndAWaitBeyondTheTimeoutToo() throws Exception {
        MicroBatcher idle = new MicroBatcher(INFERENCE, settings(8, Duration.ofMillis(1), 1, Duration.ofMillis(300)),
                new SimpleMeterRegistry(), false);
        CompletableFuture<float[]> first = CompletableFuture.supplyAsync(() -> idle.logits(loaded, image(1)));
        Thread.sleep(100); // the first request now holds the queue's only place
        assertThatThrownBy(() -> idle.logits(loaded, image(2))).isInstanceOf(BusyException.class)
                .hasMessageContaining("waiting already");
        assertThatThrownBy(first::join).hasCauseInstanceOf(BusyException.class).hasMessageContaining("for its forward pass");
        idle.stop();
    }

    /**
     * A request times out while its pass runs and gives its lease back, and the model is evicted
     * (a newer LAST version arrived): the pass must still run on an open model, which closes after it.
     */
    @Test
    void aModelEvictedWhileItsPassRunsClosesOnlyAfterThePass() throws Exception {
        NDManager manager = RUNTIME.newManager();
        CifarResNet model = ModelFactory.create(manager, 10, 4);
        model.getParameters().forEach(p -> p.getValue().getArray().setRequiresGradient(false));
        LoadedModel evicted = new LoadedModel(2, model, manager);
        java.util.concurrent.CountDownLatch passStarted = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch goOn = new java.util.concurrent.CountDownLatch(1);
        CompletableFuture<Object> pass = new CompletableFuture<>();
        Inference slow = new Inference(RUNTIME) {
            @Override
            public Forward forward(LoadedModel loaded, float[] images, int from, int n) {
                passStarted.countDown();
                try {
                    goOn.await();
                    Forward forward = super.forward(loaded, images, from, n);
                    pass.complete(forward);
                    return forward;
                } catch (InterruptedException | RuntimeException e) {
                    pass.complete(e);
                    throw new IllegalStateException(e);
                }
            }
        };
        MicroBatcher batcher = new MicroBatcher(slow, settings(8, Duration.ZERO, 8, Duration.ofMillis(300)),
                new SimpleMeterRegistry());
        try {
            assertThat(evicted.retain()).isTrue(); // the request's lease
            CompletableFuture<float[]> request = CompletableFuture.supplyAsync(() -> batcher.logits(evicted, image(5)));
            assertThat(passStarted.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThatThrownBy(request::join).hasCauseInstanceOf(BusyException.class);
            evicted.release(); // what the request's lease does when it gives up
            evicted.evict();   // and a newer version pushes this one out of the cache
            goOn.countDown();

            assertThat(pass.get(30, java.util.concurrent.TimeUnit.SECONDS)).isInstanceOf(Inference.Forward.class);
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            boolean open;
            while ((open = evicted.retain()) && System.nanoTime() < deadline) {
                evicted.release();
                Thread.sleep(10);
            }
            assertThat(open).as("closed once the pass gave it back").isFalse();
        } finally {
            goOn.countDown();
            batcher.stop();
        }
    }

    @Test
    void sizeOneMeansEveryRequestRunsItsOwnPass() {
        MicroBatcher off = new MicroBatcher(INFERENCE, settings(1, Duration.ZERO, 1, Duration.ofSeconds(1)),
                new SimpleMeterRegistry());
        assertThat(off.logits(loaded, image(3))).containsExactly(INFERENCE.logits(loaded, image(3), 1));
    }
}
