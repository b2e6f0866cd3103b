package io.salience.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A failed job's error must fit its VARCHAR(4000) column, or the job could not even be marked FAILED. */
class JobErrorTextTest {

    @Test
    void aNativeBacktraceIsCutToFitTheColumn() {
        String backtrace = "Exception raised from forward: " + "frame #1: at::native::conv2d\n".repeat(400);
        String shown = JobExecution.describe(new RuntimeException(backtrace));
        assertThat(backtrace.length()).isGreaterThan(4000);
        assertThat(shown.length()).isLessThanOrEqualTo(4000);
        assertThat(shown).startsWith("Exception raised from forward").endsWith("[…]");
    }

    @Test
    void shortMessagesStayWholeAndAMissingOneNamesTheError() {
        assertThat(JobExecution.describe(new IllegalStateException("loss is NaN"))).isEqualTo("loss is NaN");
        assertThat(JobExecution.describe(new OutOfMemoryError())).isEqualTo("OutOfMemoryError");
    }
}
