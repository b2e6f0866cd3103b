package io.salience.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.salience.checkpoints.CheckpointStorage;
import io.salience.support.Datasets;
import io.salience.support.IntegrationTest;
import io.salience.support.Jobs;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;
import tools.jackson.databind.json.JsonMapper;

class JobApiTest extends IntegrationTest {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @Autowired
    MockMvcTester mvc;

    @Autowired
    TrainingJobRepository jobs;

    @Autowired
    CheckpointStorage storage;

    @Autowired
    JsonMapper json;

    @Autowired
    io.salience.checkpoints.CheckpointService checkpointService;

    @Autowired
    MistakeRecorder recorder;

    @org.springframework.boot.test.web.server.LocalServerPort
    int port;

    private long submit(String body) {
        return Jobs.submit(mvc, json, body);
    }

    private List<Map<String, Object>> metrics(long id) {
        MvcTestResult result = mvc.get().uri("/api/jobs/{id}/metrics", id).exchange();
        assertThat(result).hasStatusOk();
        return json.readValue(result.getResponse().getContentAsByteArray(), List.class);
    }

    @Test
    void aTwoEpochJobRunsToSuccessAndLeavesMetricsCheckpointsAndMistakes() {
        long id = submit("""
                {"epochs": 2, "batchSize": 32, "trainLimit": 96, "seed": 3}""");
        TrainingJob job = Jobs.awaitFinished(jobs, id, TIMEOUT);
        assertThat(job.getStatus()).isEqualTo(JobStatus.SUCCEEDED);

        assertThat(mvc.get().uri("/api/jobs/{id}", id)).hasStatusOk().bodyJson().satisfies(body -> {
            assertThat(body).extractingPath("$.status").isEqualTo("SUCCEEDED");
            assertThat(body).extractingPath("$.epochsCompleted").isEqualTo(2);
            assertThat(body).extractingPath("$.progress").isEqualTo(1.0);
            assertThat(body).extractingPath("$.request.epochs").isEqualTo(2);
            assertThat(body).extractingPath("$.request.learningRate").isEqualTo(0.001);
            assertThat(body).extractingPath("$.request.augmentation.cutoutSize").isEqualTo(16);
            assertThat(body).extractingPath("$.request.scheduler.patience").isEqualTo(2);
        });

        List<Map<String, Object>> metrics = metrics(id);
        assertThat(metrics).extracting(m -> m.get("epoch")).containsExactly(1, 2);
        assertThat(metrics.get(0)).containsKeys("trainLoss", "trainAccuracy", "testLoss", "testAccuracy",
                "learningRate", "durationSeconds");

        MvcTestResult checkpoints = mvc.get().uri("/api/jobs/{id}/checkpoints", id).exchange();
        List<Map<String, Object>> rows = json.readValue(checkpoints.getResponse().getContentAsByteArray(), List.class);
        assertThat(rows).extracting(r -> r.get("kind")).containsExactlyInAnyOrder("BEST", "LAST");
        Map<String, Object> last = rows.stream().filter(r -> r.get("kind").equals("LAST")).findFirst().orElseThrow();
        assertThat(last.get("epoch")).isEqualTo(2);
        assertThat(((Number) last.get("testAccuracy")).doubleValue())
                .isEqualTo(((Number) metrics.get(1).get("testAccuracy")).doubleValue());
        // Recorded with the row as the epoch ended, before anyone asked: no second evaluation.
        assertThat(last.get("misclassifiedCount")).as("LAST's mistakes recorded with its row").isNotNull();
        assertThat(((Number) last.get("misclassifiedCount")).intValue()
                + Math.round(((Number) last.get("testAccuracy")).doubleValue() * TEST_SIZE)).isEqualTo(TEST_SIZE);
        Map<String, Object> best = rows.stream().filter(r -> r.get("kind").equals("BEST")).findFirst().orElseThrow();
        long bestId = ((Number) best.get("id")).longValue();
        double bestAccuracy = ((Number) best.get("testAccuracy")).doubleValue();
        int misclassified = ((Number) best.get("misclassifiedCount")).intValue();
        // Every test image is either right or recorded as a mistake.
        assertThat(misclassified + Math.round(bestAccuracy * TEST_SIZE)).isEqualTo(TEST_SIZE);

        assertThat(mvc.get().uri("/api/checkpoints/{id}/misclassified?limit=5", bestId)).hasStatusOk().bodyJson()
                .satisfies(body -> {
                    assertThat(body).extractingPath("$.total").isEqualTo(misclassified);
                    if (misclassified > 0) {
                        assertThat(body).extractingPath("$.items[0].imageUrl").asString()
                                .startsWith("/api/datasets/cifar10/test/");
                        assertThat(body).extractingPath("$.items[0].gradcamUrl").asString()
                                .startsWith("/api/checkpoints/" + bestId + "/gradcam/");
                    }
                });
        MvcTestResult page = mvc.get().uri("/api/checkpoints/{id}/misclassified?limit=1000", bestId).exchange();
        Map<String, Object> all = json.readValue(page.getResponse().getContentAsByteArray(), Map.class);
        List<Map<String, Object>> items = (List<Map<String, Object>>) all.get("items");
        List<Double> confidences = items.stream().map(i -> ((Number) i.get("confidence")).doubleValue()).toList();
        assertThat(confidences).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        for (Map<String, Object> item : items) {
            assertThat(item.get("trueClass")).isNotEqualTo(item.get("predictedClass"));
            assertThat(item.get("trueLabel")).isEqualTo(io.salience.support.TestDatasets.CLASSES.get((Integer) item.get("trueClass")));
        }

        // What the epoch's own evaluation recorded is what a fresh evaluation of the file finds.
        var recorded = checkpointService.allMistakes(bestId).stream()
                .map(m -> m.getImageId() + "->" + m.getPredictedClass()).sorted().toList();
        var row = checkpointService.get(bestId);
        checkpointService.repair(bestId, row.getEpoch(), row.getTestAccuracy(), row.getTestLoss(), row.getSizeBytes());
        assertThat(checkpointService.get(bestId).getMisclassifiedCount()).isNull();
        recorder.ensureRecorded(bestId);
        assertThat(checkpointService.allMistakes(bestId).stream()
                .map(m -> m.getImageId() + "->" + m.getPredictedClass()).sorted().toList())
                .isEqualTo(recorded);

        MvcTestResult png = mvc.get().uri("/api/jobs/{id}/metrics.png", id).exchange();
        assertThat(png).hasStatusOk().hasContentType(MediaType.IMAGE_PNG);
        byte[] bytes = png.getResponse().getContentAsByteArray();
        assertThat(bytes).startsWith(0x89, 'P', 'N', 'G');

        assertThat(mvc.get().uri("/api/checkpoints?jobId={id}", id)).hasStatusOk().bodyJson()
                .extractingPath("$.total").isEqualTo(2);
        assertThat(mvc.get().uri("/api/jobs?size=1")).hasStatusOk().bodyJson().satisfies(body -> {
            assertThat(body).extractingPath("$.items").asArray().hasSize(1);
        });
    }

    @Test
    void twoJobsWithTheSameRequestProduceIdenticalMetrics() {
        String request = """
                {"epochs": 2, "batchSize": 16, "trainLimit": 48, "testLimit": 20, "seed": 11}""";
        long first = submit(request);
        long second = submit(request);
        assertThat(Jobs.awaitFinished(jobs, first, TIMEOUT).getStatus()).isEqualTo(JobStatus.SUCCEEDED);
        assertThat(Jobs.awaitFinished(jobs, second, TIMEOUT).getStatus()).isEqualTo(JobStatus.SUCCEEDED);
        List<Map<String, Object>> a = metrics(first);
        List<Map<String, Object>> b = metrics(second);
        for (int i = 0; i < 2; i++) {
            for (String key : List.of("trainLoss", "trainAccuracy", "testLoss", "testAccuracy", "learningRate")) {
                assertThat(b.get(i).get(key)).as(key).isEqualTo(a.get(i).get(key));
            }
        }
    }

    @Test
    void cancelStopsARunningJobAndKeepsWhatItCompleted() {
        long id = submit("""
                {"epochs": 100, "batchSize": 8, "trainLimit": 64, "testLimit": 10}""");
        Jobs.awaitJob(jobs, id, TIMEOUT, j -> j.getEpochsCompleted() >= 1);
        assertThat(mvc.delete().uri("/api/jobs/{id}", id)).hasStatus(HttpStatus.CONFLICT)
                .hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(mvc.post().uri("/api/jobs/{id}/cancel", id)).hasStatus(HttpStatus.ACCEPTED);
        TrainingJob job = Jobs.awaitFinished(jobs, id, Duration.ofSeconds(60));
        assertThat(job.getStatus()).isEqualTo(JobStatus.CANCELLED);
        assertThat(job.getEpochsCompleted()).isBetween(1, 99);
        assertThat(metrics(id)).hasSize(job.getEpochsCompleted());
        assertThat(Files.exists(storage.file(id, io.salience.checkpoints.CheckpointKind.LAST))).isTrue();
        assertThat(mvc.post().uri("/api/jobs/{id}/cancel", id)).hasStatus(HttpStatus.CONFLICT);

        assertThat(mvc.delete().uri("/api/jobs/{id}", id)).hasStatus(HttpStatus.NO_CONTENT);
        assertThat(mvc.get().uri("/api/jobs/{id}", id)).hasStatus(HttpStatus.NOT_FOUND);
        assertThat(Files.exists(storage.jobDir(id))).isFalse();
        assertThat(mvc.get().uri("/api/checkpoints?jobId={id}", id)).bodyJson().extractingPath("$.total").isEqualTo(0);
    }

    @Test
    void aJobThatCannotWriteItsCheckpointFailsWithTheReason() throws Exception {
        long blocker = submit("""
                {"epochs": 100, "batchSize": 8, "trainLimit": 16, "testLimit": 10}""");
        long doomed = submit("""
                {"epochs": 1, "batchSize": 8, "trainLimit": 16, "testLimit": 10}""");
        // Where the doomed job's checkpoint folder should go, put a plain file.
        Files.createDirectories(storage.jobDir(doomed).getParent());
        Files.writeString(storage.jobDir(doomed), "in the way");
        assertThat(mvc.post().uri("/api/jobs/{id}/cancel", blocker)).hasStatus(HttpStatus.ACCEPTED);
        TrainingJob job = Jobs.awaitFinished(jobs, doomed, TIMEOUT);
        assertThat(job.getStatus()).isEqualTo(JobStatus.FAILED);
        assertThat(mvc.get().uri("/api/jobs/{id}", doomed)).bodyJson().extractingPath("$.error").asString()
                .contains(storage.jobDir(doomed).toAbsolutePath().toString());
        Files.delete(storage.jobDir(doomed));
    }

    @Test
    void invalidRequestsNameEveryBadField() throws Exception {
        assertThat(mvc.post().uri("/api/jobs").contentType(MediaType.APPLICATION_JSON).content("""
                {"epochs": 0, "batchSize": 5000, "learningRate": -1, "augmentation": {"cutoutSize": 40},
                 "scheduler": {"factor": 1.5}}"""))
                .hasStatus(HttpStatus.BAD_REQUEST)
                .hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyJson().extractingPath("$.errors[*].field").asArray()
                .containsExactlyInAnyOrder("epochs", "batchSize", "learningRate", "augmentation.cutoutSize",
                        "scheduler.factor");
        assertThat(mvc.post().uri("/api/jobs").contentType(MediaType.APPLICATION_JSON).content("""
                {"dataset": "imagenet"}"""))
                .hasStatus(HttpStatus.BAD_REQUEST)
                .bodyJson().satisfies(body -> {
                    assertThat(body).extractingPath("$.errors[0].field").isEqualTo("dataset");
                    assertThat(body).extractingPath("$.errors[0].message").asString().contains("cifar10");
                });
        // Limits are checked at once against a dataset in memory (otherwise the job checks them).
        Datasets.prepared(mvc, "cifar10");
        assertThat(mvc.post().uri("/api/jobs").contentType(MediaType.APPLICATION_JSON).content("""
                {"trainLimit": 100000, "testLimit": 51}"""))
                .hasStatus(HttpStatus.BAD_REQUEST)
                .bodyJson().extractingPath("$.errors[*].field").asArray().containsExactly("trainLimit", "testLimit");
        assertThat(mvc.post().uri("/api/jobs").contentType(MediaType.APPLICATION_JSON).content("{\"epochz\": 3}"))
                .hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(mvc.post().uri("/api/jobs").contentType(MediaType.APPLICATION_JSON).content("{not json"))
                .hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(mvc.get().uri("/api/jobs/987654")).hasStatus(HttpStatus.NOT_FOUND)
                .hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void eventsStreamProgressEpochsAndTheFinalStatus() throws Exception {
        long id = submit("""
                {"epochs": 2, "batchSize": 8, "trainLimit": 48, "testLimit": 10}""");
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + port + "/api/jobs/" + id + "/events"))
                .header("Accept", "text/event-stream").build();
        List<String> events = new java.util.ArrayList<>();
        java.net.http.HttpResponse<java.util.stream.Stream<String>> response = java.net.http.HttpClient.newHttpClient()
                .send(request, java.net.http.HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        // The stream ends when the job does.
        List<String> data = new java.util.ArrayList<>();
        response.body().forEach(line -> (line.startsWith("event:") ? events : data).add(line));
        assertThat(events).first().isEqualTo("event:status");
        // Progress events carry the running training loss and the rate in use.
        assertThat(data).anySatisfy(line -> assertThat(line).contains("\"loss\":").contains("\"learningRate\":"));
        assertThat(events).contains("event:progress").last().isEqualTo("event:status");
        assertThat(events.stream().filter("event:epoch"::equals).count()).isEqualTo(2);
        assertThat(jobs.findById(id).orElseThrow().getStatus()).isEqualTo(JobStatus.SUCCEEDED);
    }

    @Test
    void eventsOfAFinishedJobEndWithItsStatus() throws Exception {
        long id = submit("""
                {"epochs": 1, "batchSize": 16, "trainLimit": 16, "testLimit": 10}""");
        Jobs.awaitFinished(jobs, id, TIMEOUT);
        MvcTestResult result = mvc.get().uri("/api/jobs/{id}/events", id).accept(MediaType.TEXT_EVENT_STREAM).exchange();
        assertThat(result).hasStatusOk();
        assertThat(result.getResponse().getContentAsString()).contains("event:status").contains("SUCCEEDED");
    }
}
