package io.salience.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** JobService against races and an unreachable store, with its collaborators mocked. */
class JobServiceTest {

    /** A cancel must take even when the job moves between QUEUED and RUNNING under it. */
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

    /** The job is gone once its row is; objects an unreachable store kept are swept later. */
    @Test
    void aDeleteSucceedsWhenTheStoreIsUnreachable() {
        TrainingJobRepository jobs = mock(TrainingJobRepository.class);
        when(jobs.findById(9L)).thenReturn(Optional.of(mock(TrainingJob.class)));
        when(jobs.deleteIfNotRunning(9L)).thenReturn(1);
        io.salience.checkpoints.CheckpointStorage storage = mock(io.salience.checkpoints.CheckpointStorage.class);
        org.mockito.Mockito.doThrow(new io.salience.errors.UnavailableException("S3 is down"))
                .when(storage).deleteJobFiles(9L);
        JobEvents events = new JobEvents(new JobChangeNotifications(null, null));
        JobService service = new JobService(jobs, null, null, storage, null, new RunningJobs(), events, null, null, null);

        service.delete(9);
        org.mockito.Mockito.verify(jobs).deleteIfNotRunning(9L);
        events.close();
    }
}
