package io.salience.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.salience.support.S3ProxyServer;
import io.salience.support.TestDatasets;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Checkpoints in S3 (S3Proxy): a worker trains a job and stores its checkpoints in the bucket; an
 * api instance with its own, empty storage folder serves the job's Grad-CAM from a downloaded copy;
 * a lost object is a 404 problem; deleting the job deletes its objects.
 */
class S3ArtifactsTest {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final String BUCKET = "salience-test";

    @TempDir
    Path root;

    @Test
    void anApiInstanceThatNeverSawTheFilesServesACheckpointStoredByTheWorker() throws Exception {
        Path workerRoot = root.resolve("worker");
        Path apiRoot = root.resolve("api");
        TestDatasets.writeCifarBinary(workerRoot.resolve("cifar10"), 64, 20, 42);
        TestDatasets.writeCifarBinary(apiRoot.resolve("cifar10"), 64, 20, 42);
        Map<String, String> database = PostgresDatabase.freshSchema();
        try (S3ProxyServer s3 = S3ProxyServer.start(root.resolve("s3"), BUCKET); S3Client bucket = s3.client()) {
            List<String> worker = new ArrayList<>(s3.serviceArguments(BUCKET));
            worker.addAll(List.of("--salience.role=worker", "--salience.training.poll-interval=200ms"));
            List<String> api = new ArrayList<>(s3.serviceArguments(BUCKET));
            api.add("--salience.role=api");
            try (ConfigurableApplicationContext w = PostgresApp.start(database, workerRoot, "worker-1",
                    worker.toArray(String[]::new));
                    ConfigurableApplicationContext a = PostgresApp.start(database, apiRoot, "api-1",
                            api.toArray(String[]::new))) {
                String apiUrl = "http://localhost:" + a.getEnvironment().getProperty("local.server.port");
                HttpResponse<String> submitted = CLIENT.send(HttpRequest.newBuilder(URI.create(apiUrl + "/api/jobs"))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                                "{\"epochs\": 1, \"batchSize\": 16, \"trainLimit\": 32, \"testLimit\": 10}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(submitted.statusCode()).isEqualTo(202);
                String job = submitted.headers().firstValue("Location").orElseThrow();
                long jobId = Long.parseLong(job.substring(job.lastIndexOf('/') + 1));
                awaitStatus(apiUrl + job, "SUCCEEDED");

                assertThat(keys(bucket)).contains("salience/jobs/" + jobId + "/last.ckpt",
                        "salience/jobs/" + jobId + "/best.ckpt");
                String checkpoints = get(apiUrl + job + "/checkpoints").body();
                String best = id(checkpoints, "BEST");
                String last = id(checkpoints, "LAST");
                HttpResponse<String> heatmap = get(apiUrl + "/api/checkpoints/" + best + "/gradcam/0.png");
                assertThat(heatmap.statusCode()).isEqualTo(200);
                // The api never had the files: it read a copy from the bucket into its cache.
                assertThat(apiRoot.resolve("storage/jobs/" + jobId + "/best.ckpt")).doesNotExist();
                try (Stream<Path> cached = Files.walk(apiRoot.resolve("storage/artifact-cache/" + jobId))) {
                    assertThat(cached.filter(Files::isRegularFile).toList()).hasSize(1);
                }

                // A lost object is a clear 404, never a 500.
                bucket.deleteObject(b -> b.bucket(BUCKET).key("salience/jobs/" + jobId + "/last.ckpt"));
                HttpResponse<String> lost = get(apiUrl + "/api/checkpoints/" + last + "/predictions/0");
                assertThat(lost.statusCode()).isEqualTo(404);
                assertThat(lost.body()).contains("gone");

                HttpResponse<String> deleted = CLIENT.send(HttpRequest.newBuilder(URI.create(apiUrl + job)).DELETE()
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(deleted.statusCode()).isEqualTo(204);
                assertThat(keys(bucket)).noneMatch(k -> k.startsWith("salience/jobs/" + jobId + "/") && !k.endsWith("/"));
                assertThat(apiRoot.resolve("storage/artifact-cache/" + jobId)).doesNotExist();

                // Objects a delete could not remove (the store was down) go with the sweep; others stay.
                for (String key : List.of("salience/jobs/987654/last.ckpt", "salience/jobs/987653/last.ckpt",
                        "salience/jobs/notes/readme.txt")) {
                    bucket.putObject(b -> b.bucket(BUCKET).key(key),
                            software.amazon.awssdk.core.sync.RequestBody.fromString("x"));
                }
                int swept = w.getBean(io.salience.checkpoints.CheckpointStorage.class)
                        .deleteOrphans(id -> id == 987653);
                assertThat(swept).isEqualTo(1);
                assertThat(keys(bucket)).doesNotContain("salience/jobs/987654/last.ckpt")
                        .contains("salience/jobs/987653/last.ckpt", "salience/jobs/notes/readme.txt");
            }
        } finally {
            PostgresDatabase.drop(database);
        }
    }

    private static List<String> keys(S3Client bucket) {
        return bucket.listObjectsV2(b -> b.bucket(BUCKET)).contents().stream().map(o -> o.key()).toList();
    }

    private static void awaitStatus(String url, String wanted) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        String status = "";
        while (!status.equals(wanted) && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            Matcher m = Pattern.compile("\"status\":\"([A-Z]+)\"").matcher(get(url).body());
            status = m.find() ? m.group(1) : "";
            assertThat(status).isNotIn("FAILED", "CANCELLED");
        }
        assertThat(status).isEqualTo(wanted);
    }

    private static String id(String checkpoints, String kind) {
        Matcher m = Pattern.compile("\"id\":(\\d+),\"jobId\":\\d+,\"kind\":\"" + kind + "\"").matcher(checkpoints);
        assertThat(m.find()).as(checkpoints).isTrue();
        return m.group(1);
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
