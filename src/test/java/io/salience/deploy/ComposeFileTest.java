package io.salience.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** Docker does not run here: the compose file and Dockerfile are checked by reading them. */
class ComposeFileTest {

    @SuppressWarnings("unchecked")
    @Test
    void composeRunsTheServiceOnAHealthyPostgresWithNamedVolumes() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(Path.of("docker-compose.yml")));
        Map<String, Object> services = (Map<String, Object>) compose.get("services");
        assertThat(services).containsKeys("postgres", "salience", "salience-gpu");
        assertThat((Map<String, Object>) compose.get("volumes")).containsKeys("postgres-data", "salience-data");

        Map<String, Object> app = (Map<String, Object>) services.get("salience");
        Map<String, Object> env = (Map<String, Object>) app.get("environment");
        assertThat(env).containsEntry("SPRING_PROFILES_ACTIVE", "postgres")
                .containsEntry("SALIENCE_DB_URL", "jdbc:postgresql://postgres:5432/salience");
        assertThat((List<String>) app.get("volumes")).contains("salience-data:/data");
        assertThat((Map<String, Object>) ((Map<String, Object>) app.get("depends_on")).get("postgres"))
                .containsEntry("condition", "service_healthy");
        assertThat(((Map<String, Object>) services.get("postgres"))).containsKey("healthcheck");
        assertThat(app).containsKey("healthcheck");

        Map<String, Object> gpu = (Map<String, Object>) services.get("salience-gpu");
        assertThat((List<String>) gpu.get("profiles")).containsExactly("gpu");
        assertThat(gpu.toString()).contains("driver=nvidia").contains("capabilities=[gpu]");
        assertThat(gpu.get("environment")).isEqualTo(env);

        // The split profile: an api and a worker on the same database and checkpoint volume.
        for (String role : List.of("api", "worker")) {
            Map<String, Object> service = (Map<String, Object>) services.get(role);
            assertThat((List<String>) service.get("profiles")).containsExactly("split");
            Map<String, Object> roleEnv = (Map<String, Object>) service.get("environment");
            assertThat(roleEnv).containsEntry("SALIENCE_ROLE", role).containsEntry("SPRING_PROFILES_ACTIVE", "postgres")
                    .containsEntry("SALIENCE_DB_URL", env.get("SALIENCE_DB_URL"))
                    .containsEntry("SALIENCE_ARTIFACTS_TYPE", "s3")
                    .containsEntry("SALIENCE_ARTIFACTS_S3_ENDPOINT", "http://minio:9000");
            // Each its own volume: the checkpoints meet in MinIO, not on a shared disk.
            assertThat((List<String>) service.get("volumes")).contains(role + "-data:/data");
        }
        assertThat(((Map<String, Object>) services.get("worker")).get("stop_grace_period")).isEqualTo("5m");
        assertThat((List<String>) ((Map<String, Object>) services.get("minio")).get("profiles")).containsExactly("split");
    }

    @Test
    void theDockerfileBuildsANonRootOfflineImageWithAHealthCheck() throws IOException {
        String dockerfile = Files.readString(Path.of("Dockerfile"));
        assertThat(dockerfile).contains("AS build", "AS cpu", "AS gpu")
                .contains("USER salience")
                .contains("VOLUME /data")
                .contains("HEALTHCHECK")
                .contains("/actuator/health/readiness")
                .contains("DJL_OFFLINE=true")
                .contains("OPT_OUT_TRACKING=true")
                .contains("io.salience.engine.EngineWarmup")
                .contains("PYTORCH_FLAVOR=cu128");
    }
}
