package io.salience.ops;

import io.salience.jobs.JobRunner;
import io.salience.roles.InstanceRole;
import io.salience.roles.RoleProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Readiness by role: an instance that trains is ready while its job dispatcher runs (not yet at
 * start-up, no longer while it shuts down); an {@code api} instance never trains and is ready
 * without it. The details say what the instance does.
 */
@Component("role")
public class RoleHealthIndicator implements HealthIndicator {

    private final InstanceRole role;
    private final JobRunner runner;

    public RoleHealthIndicator(RoleProperties properties, JobRunner runner) {
        this.role = properties.role();
        this.runner = runner;
    }

    @Override
    public Health health() {
        Health.Builder health = !role.trains() || runner.isTraining() ? Health.up() : Health.down();
        return health.withDetail("role", role.id()).withDetail("trainsJobs", role.trains())
                .withDetail("servesApi", role.servesApi()).build();
    }
}
