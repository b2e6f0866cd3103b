package io.salience.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.salience.jobs.JobRunner;
import io.salience.support.TestDatasets;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * An {@code api} and a {@code worker} instance on one PostgreSQL: a job submitted to the api is
 * trained by the worker, a client of the api follows its events (carried by LISTEN/NOTIFY), and
 * the api serves the checkpoint it never trained; the worker answers only /actuator; readiness
 * says each one's role.
 */
class RolesTest {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @TempDir
    Path root;

    @Test
    void theApiQueuesTheWorkerTrainsAndTheApiServesTheResult() throws Exception {
        TestDatasets.writeCifarBinary(root.resolve("cifar10"), 64, 20, 42);
        Map<String, String> database = PostgresDatabase.freshSchema();
        String poll = "--salience.training.poll-interval=200ms";
        // The api's relay never polls in this test: the worker's events reach it only by NOTIFY.
        try (ConfigurableApplicationContext api = PostgresApp.start(database, root, "api-1", "--salience.role=api", poll,
                "--salience.training.event-poll-interval=10m");
                ConfigurableApplicationContext worker = PostgresApp.start(database, root, "worker-1",
                        "--salience.role=worker", poll)) {
            String apiUrl = "http://localhost:" + api.getEnvironment().getProperty("local.server.port");
            String workerUrl = "http://localhost:" + worker.getEnvironment().getProperty("local.server.port");

            HttpResponse<String> submitted = CLIENT.send(HttpRequest.newBuilder(URI.create(apiUrl + "/api/jobs"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"epochs\": 1, \"batchSize\": 16, \"trainLimit\": 32, "
                            + "\"testLimit\": 10}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(submitted.statusCode()).isEqualTo(202);
            String job = submitted.headers().firstValue("Location").orElseThrow();
            // A client of the api instance follows the job that the worker trains.
            java.util.concurrent.CompletableFuture<java.util.List<String>> stream = CLIENT.sendAsync(
                    HttpRequest.newBuilder(URI.create(apiUrl + job + "/events")).build(),
                    HttpResponse.BodyHandlers.ofLines()).thenApply(r -> r.body().toList());

            String status = "";
            Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
            while (!status.equals("SUCCEEDED") && Instant.now().isBefore(deadline)) {
                Thread.sleep(200);
                status = field(get(apiUrl + job).body(), "status");
                assertThat(status).isNotIn("FAILED", "CANCELLED");
            }
            assertThat(status).isEqualTo("SUCCEEDED");
            java.util.List<String> lines = stream.get(1, java.util.concurrent.TimeUnit.MINUTES);
            assertThat(lines).as("the event stream ends when the job does").anyMatch(l -> l.equals("event:epoch"))
                    .anyMatch(l -> l.contains("\"status\":\"SUCCEEDED\""));
            assertThat(String.join("\n", lines)).contains("\"testAccuracy\"");
            assertThat(api.getBean(JobRunner.class).claimed()).isZero();
            assertThat(worker.getBean(JobRunner.class).claimed()).isEqualTo(1);

            String checkpoints = get(apiUrl + job + "/checkpoints").body();
            Matcher best = Pattern.compile("\"id\":(\\d+),\"jobId\":\\d+,\"kind\":\"BEST\"").matcher(checkpoints);
            assertThat(best.find()).as(checkpoints).isTrue();
            HttpResponse<String> heatmap = get(apiUrl + "/api/checkpoints/" + best.group(1) + "/gradcam/0.png");
            assertThat(heatmap.statusCode()).isEqualTo(200);
            assertThat(heatmap.headers().firstValue("Content-Type")).hasValue("image/png");

            HttpResponse<String> refused = get(workerUrl + "/api/jobs");
            assertThat(refused.statusCode()).isEqualTo(404);
            assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(refused.body()).contains("worker role");
            HttpResponse<String> workerReady = get(workerUrl + "/actuator/health/readiness");
            assertThat(workerReady.statusCode()).isEqualTo(200);
            assertThat(workerReady.body()).contains("\"role\":\"worker\"").contains("\"trainsJobs\":true");
            assertThat(get(apiUrl + "/actuator/health/readiness").body()).contains("\"role\":\"api\"")
                    .contains("\"trainsJobs\":false");
        } finally {
            PostgresDatabase.drop(database);
        }
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
        return m.find() ? m.group(1) : "";
    }
}
