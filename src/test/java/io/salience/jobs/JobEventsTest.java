package io.salience.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

class JobEventsTest {

    /** Records what it is sent; can be made to stall like a client that stopped reading. */
    private static final class Client extends SseEmitter {
        final List<String> received = new CopyOnWriteArrayList<>();
        final CountDownLatch completed = new CountDownLatch(1);
        final CountDownLatch unstall;

        Client(CountDownLatch unstall) {
            super(60_000L);
            this.unstall = unstall;
        }

        @Override
        public void send(SseEventBuilder builder) {
            try {
                unstall.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            received.add(builder.build().stream().map(d -> String.valueOf(d.getData()))
                    .collect(java.util.stream.Collectors.joining()));
        }

        @Override
        public synchronized void complete() {
            completed.countDown();
        }
    }

    private static void awaitSize(List<String> list, int size) throws InterruptedException {
        for (int i = 0; i < 500 && list.size() < size; i++) {
            Thread.sleep(10);
        }
    }

    @Test
    void aClientThatStopsReadingBlocksNeitherThePublisherNorTheOtherClients() throws Exception {
        JobEvents events = new JobEvents(new JobChangeNotifications(null, null));
        CountDownLatch never = new CountDownLatch(1);
        Client stalled = new Client(never);
        Client reading = new Client(new CountDownLatch(0));
        events.subscribe(7, stalled);
        events.subscribe(7, reading);

        long started = System.nanoTime();
        for (int i = 0; i < 10; i++) {
            events.publish(7, "progress", "batch " + i);
        }
        events.publish(7, "status", "SUCCEEDED");
        events.complete(7);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).as("publishing waited").isLessThan(1000);

        assertThat(reading.completed.await(10, TimeUnit.SECONDS)).as("the reader's stream ended").isTrue();
        assertThat(reading.received).hasSize(11);
        assertThat(reading.received.get(0)).contains("batch 0");
        assertThat(reading.received.get(10)).as("in order, the final status last").contains("SUCCEEDED");
        assertThat(stalled.completed.getCount()).isEqualTo(1);
        never.countDown();
        events.close();
    }

    @Test
    void streamsBeyondTheLimitAreRefusedUntilOthersEnd() throws Exception {
        JobEvents events = new JobEvents(new JobChangeNotifications(null, null), 2);
        Client first = new Client(new CountDownLatch(0));
        events.subscribe(1, first);
        events.subscribe(2, new Client(new CountDownLatch(0)));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> events.subscribe(3, new Client(new CountDownLatch(0))))
                .isInstanceOf(io.salience.errors.BusyException.class);
        events.complete(1);
        assertThat(first.completed.await(10, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 100; i++) {
            try {
                events.subscribe(3, new Client(new CountDownLatch(0)));
                break;
            } catch (io.salience.errors.BusyException e) {
                Thread.sleep(10); // the sender counts the ended stream off just after completing it
            }
        }
        assertThat(events.subscribedJobs()).contains(2L, 3L);
        events.close();
    }

    @Test
    void aClientWhoseOutboxFillsUpIsDisconnected() throws Exception {
        JobEvents events = new JobEvents(new JobChangeNotifications(null, null));
        CountDownLatch never = new CountDownLatch(1);
        Client stalled = new Client(never);
        events.subscribe(8, stalled);
        long started = System.nanoTime();
        for (int i = 0; i <= JobEvents.OUTBOX + 1; i++) {
            events.publish(8, "progress", i);
        }
        // Dropped at once, without the publisher waiting on the stuck stream...
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(1000);
        assertThat(events.subscribedJobs()).doesNotContain(8L);
        assertThat(stalled.completed.getCount()).as("completing takes the lock the stuck send holds").isEqualTo(1);
        // ...and its stream is ended by the sender once the stuck write gives up.
        never.countDown();
        assertThat(stalled.completed.await(10, TimeUnit.SECONDS)).isTrue();
        events.close();
    }
}
