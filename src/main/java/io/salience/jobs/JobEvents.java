package io.salience.jobs;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-sent events per job: {@code progress} while batches run, {@code epoch} when one ends,
 * {@code status} when the job changes state. A subscriber whose connection broke is dropped.
 */
@Component
public class JobEvents {

    /** How long an event stream stays open at most; clients reconnect after that. */
    static final long STREAM_TIMEOUT_MS = 60 * 60 * 1000L;

    private final Map<Long, List<SseEmitter>> subscribers = new ConcurrentHashMap<>();
    private final JobChangeNotifications notifications;

    public JobEvents(JobChangeNotifications notifications) {
        this.notifications = notifications;
    }

    public SseEmitter subscribe(long jobId) {
        SseEmitter emitter = new SseEmitter(STREAM_TIMEOUT_MS);
        List<SseEmitter> list = subscribers.computeIfAbsent(jobId, id -> new CopyOnWriteArrayList<>());
        list.add(emitter);
        Runnable remove = () -> list.remove(emitter);
        emitter.onCompletion(remove);
        emitter.onTimeout(remove);
        emitter.onError(e -> remove.run());
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

    /** Sends an event to this instance's subscribers, and tells the other instances that the job changed. */
    public void publish(long jobId, String name, Object data) {
        notifications.changed(jobId);
        List<SseEmitter> list = subscribers.get(jobId);
        if (list == null) {
            return;
        }
        for (SseEmitter emitter : list) {
            if (!send(emitter, name, data)) {
                list.remove(emitter);
            }
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

    /** Ends every stream of a job, after its final status was published. */
    public void complete(long jobId) {
        List<SseEmitter> list = subscribers.remove(jobId);
        if (list != null) {
            list.forEach(SseEmitter::complete);
        }
    }
}
