package io.salience.jobs;

import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-sent events per job: {@code progress} while batches run, {@code epoch} when one ends,
 * {@code status} when the job changes state. A subscriber whose connection broke is dropped.
 *
 * <p>Publishing never writes to a socket: the training thread (and the relay's) only queue the
 * event in each subscriber's outbox, and sender threads deliver it. A client that stops reading
 * blocks one sender, never the training; when its outbox fills up it is disconnected (it
 * reconnects and gets the job's state afresh).
 */
@Component
public class JobEvents {

    /** How long an event stream stays open at most; clients reconnect after that. */
    static final long STREAM_TIMEOUT_MS = 60 * 60 * 1000L;
    /** Events waiting for one subscriber; progress comes a few times a second. */
    static final int OUTBOX = 256;
    private static final int SENDERS = 4;
    /** Streams open at once on this instance: each holds a connection for up to an hour. */
    static final int MAX_STREAMS = 512;

    private final Map<Long, List<Subscriber>> subscribers = new ConcurrentHashMap<>();
    private final JobChangeNotifications notifications;
    private final ExecutorService senders;
    private final int maxStreams;
    private final AtomicInteger open = new AtomicInteger();

    @org.springframework.beans.factory.annotation.Autowired
    public JobEvents(JobChangeNotifications notifications) {
        this(notifications, MAX_STREAMS);
    }

    JobEvents(JobChangeNotifications notifications, int maxStreams) {
        this.notifications = notifications;
        this.maxStreams = maxStreams;
        AtomicInteger count = new AtomicInteger();
        this.senders = Executors.newFixedThreadPool(SENDERS, r -> {
            Thread t = new Thread(r, "job-events-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    public SseEmitter subscribe(long jobId) {
        return subscribe(jobId, new SseEmitter(STREAM_TIMEOUT_MS));
    }

    /** Subscribes a given emitter (tests use one that stalls). */
    SseEmitter subscribe(long jobId, SseEmitter emitter) {
        if (open.incrementAndGet() > maxStreams) {
            open.decrementAndGet();
            throw new io.salience.errors.BusyException(maxStreams + " event streams are open on this instance; "
                    + "try again shortly", 5);
        }
        List<Subscriber> list = subscribers.computeIfAbsent(jobId, id -> new CopyOnWriteArrayList<>());
        Subscriber subscriber = new Subscriber(emitter, list);
        list.add(subscriber);
        emitter.onCompletion(subscriber::drop);
        emitter.onTimeout(subscriber::drop);
        emitter.onError(e -> subscriber.drop());
        return emitter;
    }

    /** Sends one event to one emitter, e.g. the current state to a new subscriber. */
    public static boolean send(SseEmitter emitter, String name, Object data) {
        try {
            emitter.send(SseEmitter.event().name(name).data(data));
            return true;
        } catch (IOException | IllegalStateException e) {
            return false;
        }
    }

    /** Queues an event for this instance's subscribers, and tells the other instances that the job changed. */
    public void publish(long jobId, String name, Object data) {
        notifications.changed(jobId);
        List<Subscriber> list = subscribers.get(jobId);
        if (list != null) {
            list.forEach(s -> s.offer(new Event(name, data)));
        }
    }

    /** Jobs that have subscribers on this instance now. */
    public java.util.Set<Long> subscribedJobs() {
        java.util.Set<Long> ids = new java.util.HashSet<>();
        subscribers.forEach((id, list) -> {
            if (!list.isEmpty()) {
                ids.add(id);
            }
        });
        return ids;
    }

    /** Ends every stream of a job once the events queued before (its final status) are delivered. */
    public void complete(long jobId) {
        List<Subscriber> list = subscribers.remove(jobId);
        if (list != null) {
            list.forEach(s -> s.offer(Event.END));
        }
    }

    @PreDestroy
    void close() {
        senders.shutdownNow();
    }

    private record Event(String name, Object data) {
        static final Event END = new Event(null, null);
    }

    /** One stream: its outbox, drained by at most one sender at a time, in order. */
    private final class Subscriber {
        private final SseEmitter emitter;
        private final List<Subscriber> list;
        private final BlockingQueue<Event> outbox = new ArrayBlockingQueue<>(OUTBOX);
        private final AtomicBoolean draining = new AtomicBoolean();
        private final AtomicBoolean counted = new AtomicBoolean(true);
        /** Its outbox overflowed: a sender ends its stream (completing takes the lock a stuck send holds). */
        private volatile boolean overflowed;
        /** Its stream has ended: nothing is sent any more. */
        private volatile boolean ended;

        Subscriber(SseEmitter emitter, List<Subscriber> list) {
            this.emitter = emitter;
            this.list = list;
        }

        void offer(Event event) {
            if (!outbox.offer(event)) {
                // It stopped reading: end its stream rather than let it hold events without bound.
                overflowed = true;
                drop();
            }
            schedule();
        }

        private void schedule() {
            if (!ended && draining.compareAndSet(false, true)) {
                try {
                    senders.execute(this::drain);
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    draining.set(false); // shutting down
                }
            }
        }

        private void drain() {
            try {
                if (overflowed) {
                    ended = true;
                    outbox.clear();
                    emitter.complete();
                    return;
                }
                Event event;
                while ((event = outbox.poll()) != null) {
                    if (event == Event.END) {
                        ended = true;
                        emitter.complete();
                        drop();
                        outbox.clear();
                        return;
                    }
                    if (!send(emitter, event.name(), event.data())) {
                        ended = true;
                        drop();
                        outbox.clear();
                        return;
                    }
                }
            } finally {
                draining.set(false);
            }
            if (!ended && (!outbox.isEmpty() || overflowed)) {
                schedule(); // an event (or the overflow) arrived after the last poll but before draining was cleared
            }
        }

        void drop() {
            list.remove(this);
            if (counted.compareAndSet(true, false)) {
                open.decrementAndGet();
            }
        }
    }
}
