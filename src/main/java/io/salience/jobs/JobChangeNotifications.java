package io.salience.jobs;

import jakarta.annotation.PreDestroy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Tells other instances that a job changed, and listens for their word. Under PostgreSQL this is
 * {@code NOTIFY salience_jobs} with the job id and one connection that {@code LISTEN}s, so a
 * subscriber's instance relays a remote job's events at once instead of at its next poll. On other
 * databases (H2) it does nothing and the relay polls.
 */
@Component
public class JobChangeNotifications {

    static final String CHANNEL = "salience_jobs";
    private static final Logger log = LoggerFactory.getLogger(JobChangeNotifications.class);

    private final DataSource dataSource;
    private final ObjectProvider<JobEventRelay> relay;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile boolean postgres;
    private Thread listener;

    public JobChangeNotifications(DataSource dataSource, ObjectProvider<JobEventRelay> relay) {
        this.dataSource = dataSource;
        this.relay = relay;
    }

    @EventListener(ContextRefreshedEvent.class)
    void start() {
        try (Connection c = dataSource.getConnection()) {
            postgres = c.isWrapperFor(PGConnection.class);
        } catch (Exception e) {
            postgres = false;
        }
        if (postgres && running.compareAndSet(false, true)) {
            listener = new Thread(this::listen, "job-change-listener");
            listener.setDaemon(true);
            listener.start();
        }
    }

    /** Notifies the other instances (best effort: their relay also polls). */
    public void changed(long jobId) {
        if (!postgres) {
            return;
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement notify = c.prepareStatement("select pg_notify(?, ?)")) {
            notify.setString(1, CHANNEL);
            notify.setString(2, Long.toString(jobId));
            notify.execute();
        } catch (Exception e) {
            log.debug("Could not notify a change of job {}: {}", jobId, e.getMessage());
        }
    }

    private void listen() {
        while (running.get()) {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("LISTEN " + CHANNEL);
                PGConnection pg = c.unwrap(PGConnection.class);
                while (running.get()) {
                    PGNotification[] notifications = pg.getNotifications(1000);
                    if (notifications != null && notifications.length > 0) {
                        relay.ifAvailable(JobEventRelay::wake);
                    }
                }
            } catch (Exception e) {
                if (running.get()) {
                    log.warn("Job change listener lost its connection ({}); reconnecting", e.getMessage());
                    sleep();
                }
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @PreDestroy
    void stop() {
        running.set(false);
        if (listener != null) {
            listener.interrupt();
        }
    }
}
