package io.salience.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.salience.TestEngine;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Training waits for at most one explanation batch, however many explanations want gradients. */
class GradientTurnsTest {

    private final DjlRuntime runtime = TestEngine.runtime();

    @Test
    void aWaitingTrainingBatchGoesBeforeTheSecondExplanation() throws Exception {
        List<String> order = new CopyOnWriteArrayList<>();
        CountDownLatch firstHolds = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        Thread first = new Thread(() -> {
            try (DjlRuntime.GradientSession s = runtime.collectExplanationGradients()) {
                order.add("explanation 1");
                firstHolds.countDown();
                await(releaseFirst);
            }
        });
        Thread second = new Thread(() -> {
            try (DjlRuntime.GradientSession s = runtime.collectExplanationGradients()) {
                order.add("explanation 2");
            }
        });
        Thread training = new Thread(() -> {
            try (DjlRuntime.GradientSession s = runtime.collectGradients()) {
                order.add("training");
            }
        });
        first.start();
        assertThat(firstHolds.await(10, TimeUnit.SECONDS)).isTrue();
        second.start();
        Thread.sleep(300);
        training.start();
        Thread.sleep(300);
        releaseFirst.countDown();
        for (Thread t : List.of(first, second, training)) {
            t.join(10_000);
        }
        // Without the explanations' own turn, the second explanation (queued first in the fair
        // gradient lock) would have gone before the training batch.
        assertThat(order).containsExactly("explanation 1", "training", "explanation 2");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
