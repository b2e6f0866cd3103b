package io.salience.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.salience.errors.BusyException;
import io.salience.errors.InvalidInputException;
import io.salience.errors.StillComputingException;
import io.salience.explain.cam.ExplainProperties;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ExplanationWorkTest {

    @Test
    void aSlowResultAnswers202ThenTheSameKeyFindsIt() throws Exception {
        ExplanationWork work = new ExplanationWork(new ExplainProperties(64, 1, 4, Duration.ofMillis(50), 8, 256));
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        assertThatThrownBy(() -> work.await("k", () -> {
            runs.incrementAndGet();
            await(release);
            return "done";
        })).isInstanceOf(StillComputingException.class)
                .satisfies(e -> assertThat(((StillComputingException) e).retryAfterSeconds()).isPositive());
        release.countDown();
        String result = null;
        for (int i = 0; i < 100 && result == null; i++) {
            try {
                result = work.await("k", () -> "computed again");
            } catch (StillComputingException e) {
                Thread.sleep(20);
            }
        }
        assertThat(result).isEqualTo("done");
        assertThat(runs).hasValue(1);
        work.close();
    }

    @Test
    void aFullQueueAnswers503AndFailuresAreNotKept() throws Exception {
        ExplanationWork work = new ExplanationWork(new ExplainProperties(64, 1, 1, Duration.ofMillis(10), 8, 256));
        CountDownLatch release = new CountDownLatch(1);
        for (String key : new String[] {"running", "queued"}) {
            assertThatThrownBy(() -> work.await(key, () -> {
                await(release);
                return key;
            })).isInstanceOf(StillComputingException.class);
        }
        assertThatThrownBy(() -> work.await("third", () -> "x")).isInstanceOf(BusyException.class);
        release.countDown();

        AtomicInteger attempts = new AtomicInteger();
        ExplanationWork fresh = new ExplanationWork(new ExplainProperties(64, 1, 4, Duration.ofSeconds(5), 8, 256));
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> fresh.await("bad", () -> {
                attempts.incrementAndGet();
                throw new InvalidInputException("no");
            })).isInstanceOf(InvalidInputException.class);
        }
        assertThat(attempts).hasValue(2);
        work.close();
        fresh.close();
    }

    @Test
    void keptPicturesStayWithinTheByteLimitLeastRecentlyUsedFirst() {
        ExplanationWork work = new ExplanationWork(new ExplainProperties(64, 1, 4, Duration.ofSeconds(5), 100, 1));
        AtomicInteger computed = new AtomicInteger();
        java.util.function.Supplier<Object> picture = () -> {
            computed.incrementAndGet();
            return new java.awt.image.BufferedImage(400, 400, java.awt.image.BufferedImage.TYPE_INT_RGB);
        };
        // 640,000 bytes each: one megabyte holds one of them.
        work.await("a", picture);
        work.await("b", picture);
        assertThat(work.cachedBytes()).isLessThanOrEqualTo(1024 * 1024);
        work.await("b", picture);
        assertThat(computed).hasValue(2);
        work.await("a", picture);
        assertThat(computed).as("a was dropped to make room for b").hasValue(3);
        work.close();
    }

    /** A result larger than the whole budget stays until the next one finishes, so its client's poll finds it. */
    @Test
    void aResultLargerThanTheBudgetIsKeptUntilTheNextFinishes() {
        ExplanationWork work = new ExplanationWork(new ExplainProperties(64, 1, 4, Duration.ofSeconds(5), 100, 1));
        AtomicInteger computed = new AtomicInteger();
        java.util.function.Supplier<Object> big = () -> {
            computed.incrementAndGet();
            return new java.awt.image.BufferedImage(800, 800, java.awt.image.BufferedImage.TYPE_INT_RGB); // 2.56 MB
        };
        work.await("big", big);
        work.await("big", big);
        assertThat(computed).as("the poll found the kept result").hasValue(1);
        work.await("small", () -> "x");
        assertThat(work.cachedBytes()).isLessThanOrEqualTo(1024 * 1024);
        work.close();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
