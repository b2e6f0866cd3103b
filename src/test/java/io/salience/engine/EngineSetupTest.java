package io.salience.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.util.Utils;
import io.salience.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class EngineSetupTest extends IntegrationTest {

    @Autowired
    DjlRuntime runtime;

    @Test
    void theServiceRunsWithDjlOfflineAndWithoutTracking() {
        assertThat(runtime.engine().getEngineName()).isEqualTo("PyTorch");
        assertThat(Utils.isOfflineMode()).isTrue();
        assertThat(Boolean.parseBoolean(Utils.getEnvOrSystemProperty("OPT_OUT_TRACKING"))).isTrue();
        assertThat(runtime.device()).isEqualTo(Device.cpu());
    }

    @Test
    void configureForcesOfflineModeEvenWhenSomebodyTurnedItOff() {
        String offline = System.getProperty("ai.djl.offline");
        String tracking = System.getProperty("OPT_OUT_TRACKING");
        try {
            System.setProperty("ai.djl.offline", "false");
            System.clearProperty("OPT_OUT_TRACKING");
            EngineSetup.configure(null, 0);
            assertThat(Utils.isOfflineMode()).isTrue();
            assertThat(System.getProperty("OPT_OUT_TRACKING")).isEqualTo("true");
        } finally {
            System.setProperty("ai.djl.offline", offline);
            System.setProperty("OPT_OUT_TRACKING", tracking);
        }
    }

    @Test
    void deviceChoice() {
        assertThat(EngineConfiguration.chooseDevice("auto", 0)).isEqualTo(Device.cpu());
        assertThat(EngineConfiguration.chooseDevice("auto", 2)).isEqualTo(Device.gpu());
        assertThat(EngineConfiguration.chooseDevice("cpu", 2)).isEqualTo(Device.cpu());
        assertThatThrownBy(() -> EngineConfiguration.chooseDevice("gpu", 0)).hasMessageContaining("no GPU");
        assertThatThrownBy(() -> EngineConfiguration.chooseDevice("tpu", 0)).hasMessageContaining("auto, cpu or gpu");
    }
}
