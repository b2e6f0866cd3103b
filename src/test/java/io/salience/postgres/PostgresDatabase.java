package io.salience.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * A real PostgreSQL for tests: the server named by {@code SALIENCE_TEST_POSTGRES_URL} (with
 * {@code SALIENCE_TEST_POSTGRES_USER} / {@code _PASSWORD}) when set, as on CI and these machines,
 * otherwise a Testcontainers container where Docker runs. With neither, the tests are skipped on
 * a developer's machine and fail on CI ({@code CI=true}), so they can never silently not run there.
 * Each caller gets a schema of its own, so runs never see each other's rows.
 */
final class PostgresDatabase {

    private static PostgreSQLContainer container;

    private PostgresDatabase() {}

    /** Spring properties for a fresh schema in the test database. */
    static synchronized Map<String, String> freshSchema() {
        String url = System.getenv("SALIENCE_TEST_POSTGRES_URL");
        String user = System.getenv().getOrDefault("SALIENCE_TEST_POSTGRES_USER", "postgres");
        String password = System.getenv().getOrDefault("SALIENCE_TEST_POSTGRES_PASSWORD", "");
        if (url == null) {
            if (DockerClientFactory.instance().isDockerAvailable()) {
                if (container == null) {
                    container = new PostgreSQLContainer("postgres:16-alpine");
                    container.start();
                }
                url = container.getJdbcUrl();
                user = container.getUsername();
                password = container.getPassword();
            } else if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException("CI must run the PostgreSQL tests: set SALIENCE_TEST_POSTGRES_URL "
                        + "(.ci/run does) or provide Docker");
            } else {
                Assumptions.abort("no PostgreSQL: set SALIENCE_TEST_POSTGRES_URL or start Docker");
            }
        }
        String schema = "salience_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            c.createStatement().execute("create schema " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the test PostgreSQL at " + url + ": " + e.getMessage(), e);
        }
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.datasource.url", url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema);
        properties.put("spring.datasource.username", user);
        properties.put("spring.datasource.password", password);
        properties.put("spring.flyway.default-schema", schema);
        properties.put("spring.flyway.schemas", schema);
        properties.put(BASE_URL, url);
        return properties;
    }

    private static final String BASE_URL = "salience.test.base-url";

    /** A job's epochs completed, read straight from its row (no application needs to run). */
    static int epochsCompleted(Map<String, String> properties, long jobId) {
        try (Connection c = DriverManager.getConnection(properties.get("spring.datasource.url"),
                properties.get("spring.datasource.username"), properties.get("spring.datasource.password"));
                var row = c.createStatement().executeQuery("select epochs_completed from training_job where id = " + jobId)) {
            if (!row.next()) {
                throw new IllegalStateException("no job " + jobId);
            }
            return row.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read job " + jobId + ": " + e.getMessage(), e);
        }
    }

    /** Drops the schema that {@link #freshSchema} made, so runs leave the shared database clean. */
    static void drop(Map<String, String> properties) {
        try (Connection c = DriverManager.getConnection(properties.get(BASE_URL),
                properties.get("spring.datasource.username"), properties.get("spring.datasource.password"))) {
            c.createStatement().execute("drop schema if exists " + properties.get("spring.flyway.default-schema")
                    + " cascade");
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop the test schema: " + e.getMessage(), e);
        }
    }
}
