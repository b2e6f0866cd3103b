package io.salience.jobs;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.stereotype.Component;

/** The jobs this instance is training right now, with their cancel flags. */
@Component
public class RunningJobs {

    private final Map<Long, AtomicBoolean> cancelFlags = new ConcurrentHashMap<>();

    AtomicBoolean register(long jobId) {
        return cancelFlags.computeIfAbsent(jobId, id -> new AtomicBoolean());
    }

    void unregister(long jobId) {
        cancelFlags.remove(jobId);
    }

    /** Flags a local job to stop before its next batch; false if it does not run here. */
    boolean requestCancel(long jobId) {
        AtomicBoolean flag = cancelFlags.get(jobId);
        if (flag != null) {
            flag.set(true);
        }
        return flag != null;
    }

    List<Long> ids() {
        return List.copyOf(cancelFlags.keySet());
    }
}
