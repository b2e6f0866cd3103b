package io.salience.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** Events of a job that another instance trains, relayed from its row. */
class JobEventRelayTest {

    private static final class Client extends SseEmitter {
        final List<String> names = new CopyOnWriteArrayList<>();
        final CountDownLatch completed = new CountDownLatch(1);

        @Override
        public void send(SseEventBuilder builder) {
            String text = builder.build().stream().map(d -> String.valueOf(d.getData()))
                    .collect(java.util.stream.Collectors.joining());
            names.add(text.substring(text.indexOf("event:") + 6, text.indexOf('\n', text.indexOf("event:"))));
        }

        @Override
        public synchronized void complete() {
            completed.countDown();
        }
    }

    /**
     * The job ended its second epoch and finished between the subscription (which saw epoch 1,
     * RUNNING) and the relay's next pass: the subscriber still hears of both.
     */
    @Test
    void whatHappensBetweenTheSubscriptionAndTheNextPassIsRelayed() throws Exception {
        TrainingJobRepository jobs = mock(TrainingJobRepository.class);
        EpochMetricRepository metrics = mock(EpochMetricRepository.class);
        TrainingJob finished = mock(TrainingJob.class);
        when(finished.getStatus()).thenReturn(JobStatus.SUCCEEDED);
        when(finished.getEpochsCompleted()).thenReturn(2);
        when(finished.getProgress()).thenReturn(1.0);
        when(jobs.findById(5L)).thenReturn(Optional.of(finished));
        when(metrics.findByJobIdOrderByEpochAsc(5L)).thenReturn(List.of(
                new EpochMetric(5, 1, 2.0, 0.2, 2.1, 0.2, 0.001, 10),
                new EpochMetric(5, 2, 1.8, 0.3, 1.9, 0.3, 0.001, 10)));
        JobEvents events = new JobEvents(new JobChangeNotifications(null, null));
        JobEventRelay relay = new JobEventRelay(events, new RunningJobs(), jobs, metrics,
                new TrainingProperties(1, 2, Duration.ofSeconds(1), "here", Duration.ofSeconds(10),
                        Duration.ofMinutes(2), 10, Duration.ofHours(1), null));
        Client client = new Client();
        events.subscribe(5, client);
        relay.told(5, JobStatus.RUNNING, 1, 0.5);

        relay.relay();

        assertThat(client.completed.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(client.names).containsExactly("epoch", "status");
        relay.close();
        events.close();
    }
}
