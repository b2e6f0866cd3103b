package io.salience.ops;

import io.salience.engine.DjlRuntime;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** The deep-learning engine is loaded; reports on which device work runs. */
@Component("engine")
public class EngineHealthIndicator implements HealthIndicator {

    private final DjlRuntime runtime;

    public EngineHealthIndicator(DjlRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public Health health() {
        return Health.up()
                .withDetail("engine", runtime.engine().getEngineName() + " " + runtime.engine().getVersion())
                .withDetail("device", runtime.device().toString())
                .withDetail("gpus", runtime.engine().getGpuCount())
                .build();
    }
}
