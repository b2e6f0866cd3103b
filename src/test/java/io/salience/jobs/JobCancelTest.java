package io.salience.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A cancel must take even when the job moves between QUEUED and RUNNING under it. */
class JobCancelTest {

    @Test
    void aJobHandedBackToTheQueueWhileBeingCancelledIsStillCancelled() {
        TrainingJobRepository jobs = mock(TrainingJobRepository.class);
        TrainingJob running = mock(TrainingJob.class);
        when(running.getStatus()).thenReturn(JobStatus.RUNNING, JobStatus.QUEUED, JobStatus.CANCELLED);
        when(jobs.findById(7L)).thenReturn(Optional.of(running));
        // RUNNING at the first try, so not cancelled as queued; handed back before the running
        // job could be asked to stop, so that update matches nothing either; queued at the second try.
        when(jobs.cancelQueued(anyLong(), any(Instant.class))).thenReturn(0, 1);
        when(jobs.requestCancel(7L)).thenReturn(0);
        JobEvents events = new JobEvents(new JobChangeNotifications(null, null));
        JobService service = new JobService(jobs, null, null, null, null, new RunningJobs(), events, null, null, null);

        assertThat(service.cancel(7).getStatus()).isEqualTo(JobStatus.CANCELLED);
        events.close();
    }
}
