package io.salience.training;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import org.junit.jupiter.api.Test;

class BatchPreparationTest {

    @Test
    void aGpuAlwaysGetsItsBatchesAhead() {
        assertThat(BatchPreparation.forDevice(Device.gpu(), 0, 2)).isEqualTo(BatchPreparation.AHEAD);
        assertThat(BatchPreparation.forDevice(Device.gpu(), 2, 2)).isEqualTo(BatchPreparation.AHEAD);
    }

    @Test
    void aCpuWhoseCoresAreAllTheEnginesAssemblesInline() {
        assertThat(BatchPreparation.forDevice(Device.cpu(), 0, 2)).isEqualTo(BatchPreparation.INLINE);
        assertThat(BatchPreparation.forDevice(Device.cpu(), 2, 2)).isEqualTo(BatchPreparation.INLINE);
        assertThat(BatchPreparation.forDevice(Device.cpu(), 8, 2)).isEqualTo(BatchPreparation.INLINE);
    }

    @Test
    void aCpuWithCoresToSpareLetsTheWorkersUseThem() {
        assertThat(BatchPreparation.forDevice(Device.cpu(), 6, 8)).isEqualTo(BatchPreparation.AHEAD);
    }
}
