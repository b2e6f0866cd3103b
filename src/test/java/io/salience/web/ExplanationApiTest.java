package io.salience.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.salience.jobs.JobStatus;

import io.salience.checkpoints.Checkpoint;
import io.salience.checkpoints.CheckpointKind;
import io.micrometer.core.instrument.MeterRegistry;
import io.salience.serving.ModelCache;
import io.salience.support.TrainedCheckpointTest;
import io.salience.support.Jobs;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;

import org.springframework.test.web.servlet.assertj.MvcTestResult;

/** Trains one small job, then asks its BEST checkpoint for predictions, pictures and heatmaps. */
class ExplanationApiTest extends TrainedCheckpointTest {

    @Autowired
    ModelCache models;

    @Autowired
    MeterRegistry meters;

    @LocalServerPort
    int port;

    @Override
    protected long seed() {
        return 4;
    }

    private <T> T body(MvcTestResult result, Class<T> type) {
        return json.readValue(result.getResponse().getContentAsByteArray(), type);
    }

    private static BufferedImage image(MvcTestResult result) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(result.getResponse().getContentAsByteArray()));
    }

    static byte[] pngOf(int width, int height, int rgb) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, rgb ^ (x * 3 + y));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    @Test
    void predictsAnUploadedImageOfAnySize() throws IOException {
        MockMultipartFile upload = new MockMultipartFile("image", "cat.png", "image/png", pngOf(300, 200, 0x8040C0));
        MvcTestResult result = mvc.post().uri("/api/checkpoints/{id}/predictions?k=4", best).multipart().file(upload)
                .exchange();
        assertThat(result).hasStatusOk();
        Map<String, Object> body = body(result, Map.class);
        List<Map<String, Object>> predictions = (List<Map<String, Object>>) body.get("predictions");
        assertThat(predictions).hasSize(4);
        List<Double> p = predictions.stream().map(m -> ((Number) m.get("probability")).doubleValue()).toList();
        assertThat(p).isSortedAccordingTo((a, b) -> Double.compare(b, a));
        assertThat(p.stream().mapToDouble(Double::doubleValue).sum()).isLessThanOrEqualTo(1.0 + 1e-9);
        assertThat(predictions.get(0)).containsKeys("classIndex", "label");
    }

    @Test
    void predictsATestImageWithItsTrueClass() {
        assertThat(mvc.get().uri("/api/checkpoints/{id}/predictions/13", best)).hasStatusOk().bodyJson().satisfies(b -> {
            assertThat(b).extractingPath("$.imageId").isEqualTo(13);
            assertThat(b).extractingPath("$.trueClass").isEqualTo(3);
            assertThat(b).extractingPath("$.trueLabel").isEqualTo("cat");
            assertThat(b).extractingPath("$.predictions").asArray().hasSize(3);
        });
    }

    @Test
    void theGridsShowTheSameImagesInTheSameOrderAsTheMisclassifiedList() throws IOException {
        Map<String, Object> list = body(mvc.get().uri("/api/checkpoints/{id}/misclassified?limit=20", best).exchange(), Map.class);
        List<Integer> ids = ((List<Map<String, Object>>) list.get("items")).stream()
                .map(i -> (Integer) i.get("imageId")).toList();
        assertThat(ids).isNotEmpty();
        String expected = String.join(",", ids.stream().map(String::valueOf).toList());

        MvcTestResult misclassified = mvc.get().uri("/api/checkpoints/{id}/misclassified.png", best).exchange();
        assertThat(misclassified).hasStatusOk().hasContentType(MediaType.IMAGE_PNG);
        assertThat(misclassified).headers().hasValue("X-Image-Ids", expected);
        MvcTestResult gradcam = mvc.get().uri("/api/checkpoints/{id}/gradcam.png", best).exchange();
        assertThat(gradcam).hasStatusOk().hasContentType(MediaType.IMAGE_PNG);
        assertThat(gradcam).headers().hasValue("X-Image-Ids", expected);

        // The first tile of both grids is the first misclassified image, at 4x.
        BufferedImage first = image(mvc.get().uri("/api/datasets/cifar10/test/{id}.png", ids.get(0)).exchange());
        BufferedImage grid1 = image(misclassified);
        BufferedImage grid2 = image(gradcam);
        int x = 8;
        int y = 28 + 8;
        for (int dy = 0; dy < 128; dy += 9) {
            for (int dx = 0; dx < 128; dx += 9) {
                assertThat(grid1.getRGB(x + dx, y + dy)).isEqualTo(first.getRGB(dx, dy));
                assertThat(grid2.getRGB(x + dx, y + dy)).isEqualTo(first.getRGB(dx, dy));
            }
        }
        assertThat(mvc.get().uri("/api/checkpoints/{id}/gradcam.png?target=true&layer=layer3&limit=5", best))
                .hasStatusOk().headers().hasValue("X-Image-Ids", String.join(",",
                        ids.subList(0, Math.min(5, ids.size())).stream().map(String::valueOf).toList()));
    }

    @Test
    void servesHeatmapsAndRawMapsPerImage() throws IOException {
        MvcTestResult png = mvc.get().uri("/api/checkpoints/{id}/gradcam/7.png", best).exchange();
        assertThat(png).hasStatusOk().hasContentType(MediaType.IMAGE_PNG);
        assertThat(image(png).getWidth()).isEqualTo(128);
        assertThat(image(mvc.get().uri("/api/checkpoints/{id}/gradcam/7.png?scale=2&alpha=1&layer=layer2", best)
                .exchange()).getHeight()).isEqualTo(64);

        assertThat(mvc.get().uri("/api/checkpoints/{id}/gradcam/7", best).accept(MediaType.APPLICATION_JSON))
                .hasStatusOk().bodyJson().satisfies(b -> {
                    assertThat(b).extractingPath("$.layer").isEqualTo("layer4");
                    assertThat(b).extractingPath("$.width").isEqualTo(4);
                    assertThat(b).extractingPath("$.values").asArray().hasSize(16);
                    assertThat(b).extractingPath("$.prediction.trueClass").isEqualTo(7);
                });
        assertThat(mvc.get().uri("/api/checkpoints/{id}/gradcam/7?layer=layer3&target=horse", best)
                .accept(MediaType.APPLICATION_JSON)).hasStatusOk().bodyJson().satisfies(b -> {
                    assertThat(b).extractingPath("$.height").isEqualTo(8);
                    assertThat(b).extractingPath("$.values").asArray().hasSize(64);
                    assertThat(b).extractingPath("$.targetClass").isEqualTo(7);
                    assertThat(b).extractingPath("$.targetLabel").isEqualTo("horse");
                });

        MockMultipartFile upload = new MockMultipartFile("image", "x.jpg", "image/png", pngOf(40, 40, 0x336699));
        MvcTestResult overlay = mvc.post().uri("/api/checkpoints/{id}/gradcam?layer=layer3", best).multipart()
                .file(upload).exchange();
        assertThat(overlay).hasStatusOk().hasContentType(MediaType.IMAGE_PNG);
        assertThat(image(overlay).getWidth()).isEqualTo(128);
    }

    @Test
    void misclassifiedImagesAndTheConfusionMatrix() throws IOException {
        Map<String, Object> list = body(mvc.get().uri("/api/checkpoints/{id}/misclassified?limit=1000", best).exchange(), Map.class);
        List<Integer> wrong = ((List<Map<String, Object>>) list.get("items")).stream()
                .map(i -> (Integer) i.get("imageId")).toList();
        assertThat(image(mvc.get().uri("/api/checkpoints/{id}/misclassified/{img}.png", best, wrong.get(0)).exchange())
                .getWidth()).isEqualTo(128);
        int right = java.util.stream.IntStream.range(0, TEST_SIZE).filter(i -> !wrong.contains(i)).findFirst().orElse(-1);
        if (right >= 0) {
            assertThat(mvc.get().uri("/api/checkpoints/{id}/misclassified/{img}.png", best, right))
                    .hasStatus(HttpStatus.NOT_FOUND).bodyText().contains("correctly");
        }

        Map<String, Object> matrix = body(mvc.get().uri("/api/checkpoints/{id}/confusion-matrix", best).exchange(), Map.class);
        List<List<Integer>> counts = (List<List<Integer>>) matrix.get("counts");
        assertThat(counts).hasSize(10);
        assertThat(counts.stream().flatMap(List::stream).mapToInt(Integer::intValue).sum()).isEqualTo(TEST_SIZE);
        int offDiagonal = 0;
        for (int t = 0; t < 10; t++) {
            assertThat(counts.get(t).stream().mapToInt(Integer::intValue).sum()).isEqualTo(TEST_SIZE / 10);
            for (int p = 0; p < 10; p++) {
                offDiagonal += t == p ? 0 : counts.get(t).get(p);
            }
        }
        assertThat(offDiagonal).isEqualTo(wrong.size());
        assertThat(mvc.get().uri("/api/checkpoints/{id}/confusion-matrix.png", best)).hasStatusOk()
                .hasContentType(MediaType.IMAGE_PNG);
    }

    @Test
    void badInputGetsClearProblems() throws IOException {
        record Case(String what, MockMultipartFile file, String detail) {}
        byte[] png = pngOf(32, 32, 0x112233);
        List<Case> cases = List.of(
                new Case("text", new MockMultipartFile("image", "a.png", "image/png", "hello".getBytes()), "not an image"),
                new Case("empty", new MockMultipartFile("image", "a.png", "image/png", new byte[0]), "empty"),
                new Case("truncated", new MockMultipartFile("image", "a.png", "image/png", Arrays.copyOf(png, png.length / 2)),
                        "could not be decoded"),
                new Case("huge", new MockMultipartFile("image", "a.png", "image/png", hugePngHeader()), "100000x100000"),
                new Case("tiff", new MockMultipartFile("image", "a.tif", "image/tiff", tiff()), "send PNG, JPEG, BMP or GIF"));
        for (Case c : cases) {
            MvcTestResult result = mvc.post().uri("/api/checkpoints/{id}/predictions", best).multipart().file(c.file())
                    .exchange();
            assertThat(result).as(c.what()).hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .bodyJson().extractingPath("$.detail").asString().contains(c.detail());
            assertThat(result).as(c.what()).bodyJson().extractingPath("$.errors[0].field").isEqualTo("image");
        }
        assertThat(mvc.post().uri("/api/checkpoints/{id}/predictions", best).multipart()
                .file(new MockMultipartFile("picture", "a.png", "image/png", png)))
                .hasStatus(HttpStatus.BAD_REQUEST).hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
                .bodyJson().extractingPath("$.errors[0].field").isEqualTo("image");
        assertThat(mvc.post().uri("/api/checkpoints/{id}/gradcam?target=true", best).multipart()
                .file(new MockMultipartFile("image", "a.png", "image/png", png)))
                .hasStatus(HttpStatus.BAD_REQUEST).bodyJson().extractingPath("$.detail").asString().contains("target=true");

        assertThat(mvc.get().uri("/api/checkpoints/999999/gradcam/1.png")).hasStatus(HttpStatus.NOT_FOUND)
                .hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(mvc.get().uri("/api/checkpoints/{id}/gradcam/{img}.png", best, TEST_SIZE))
                .hasStatus(HttpStatus.NOT_FOUND).bodyText().contains("out of range");
        assertThat(mvc.get().uri("/api/checkpoints/{id}/gradcam/1.png?layer=layer9", best))
                .hasStatus(HttpStatus.BAD_REQUEST).bodyText().contains("layer9");
        assertThat(mvc.get().uri("/api/checkpoints/{id}/gradcam/1.png?target=zebra", best))
                .hasStatus(HttpStatus.BAD_REQUEST).bodyText().contains("zebra");
        assertThat(mvc.get().uri("/api/checkpoints/{id}/gradcam/1.png?alpha=2", best)).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(mvc.get().uri("/api/checkpoints/{id}/misclassified.png?limit=0", best)).hasStatus(HttpStatus.BAD_REQUEST);
        assertThat(mvc.get().uri("/api/checkpoints/{id}/predictions/1?k=11", best)).hasStatus(HttpStatus.BAD_REQUEST);
    }

    @Test
    void anUploadOverTheSizeLimitIs413() throws Exception {
        byte[] big = new byte[11 * 1024 * 1024];
        String boundary = "salience-test-boundary";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"big.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        body.write(big);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/checkpoints/" + best
                        + "/predictions"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
    }

    @Test
    void gradCamWorksWhileAJobTrains() throws Exception {
        long job = jobService.submit(new JobRequest(null, null, 50, 8, null, null, 1L, 64, 10, null, null, null, null, null, null, null).toSettings()).getId();
        Jobs.awaitJob(jobs, job, Duration.ofMinutes(3), j -> j.getStatus() == JobStatus.RUNNING && j.getProgress() > 0);
        ExecutorService clients = Executors.newFixedThreadPool(3);
        try {
            List<Future<MvcTestResult>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String layer = i % 2 == 0 ? "layer3" : "layer4";
                int image = i;
                results.add(clients.submit(() -> mvc.get()
                        .uri("/api/checkpoints/{id}/gradcam/{img}.png?layer={layer}", best, image, layer).exchange()));
            }
            for (Future<MvcTestResult> r : results) {
                assertThat(r.get()).hasStatusOk();
            }
            assertThat(jobs.findById(job).orElseThrow().getStatus()).isEqualTo(JobStatus.RUNNING);
        } finally {
            clients.shutdownNow();
            jobService.cancel(job);
            Jobs.awaitFinished(jobs, job, Duration.ofMinutes(1));
        }
    }

    @Test
    void concurrentLayer4GradCamRequestsShareForwardPassesAndEachExplainsItsOwnImage() throws Exception {
        var passes = meters.get("salience.prediction.batch.size").summary();
        long passesBefore = passes.count();
        double imagesBefore = passes.totalAmount();
        int requests = 16;
        ExecutorService clients = Executors.newFixedThreadPool(requests);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        try {
            List<Future<MvcTestResult>> results = new java.util.ArrayList<>();
            for (int i = 0; i < requests; i++) {
                int image = 30 + i;
                results.add(clients.submit(() -> {
                    start.await();
                    return mvc.get().uri("/api/checkpoints/{id}/gradcam/{img}", best, image)
                            .accept(MediaType.APPLICATION_JSON).exchange();
                }));
            }
            start.countDown();
            for (int i = 0; i < requests; i++) {
                MvcTestResult cam = results.get(i).get();
                assertThat(cam).hasStatusOk();
                // Its own image's prediction, not a neighbour's from the shared pass.
                MvcTestResult prediction = mvc.get().uri("/api/checkpoints/{id}/predictions/{img}", best, 30 + i)
                        .exchange();
                String camBody = cam.getResponse().getContentAsString();
                String predictionBody = prediction.getResponse().getContentAsString();
                assertThat(json.readTree(camBody).at("/prediction/predictions/0/classIndex").asInt())
                        .isEqualTo(json.readTree(predictionBody).at("/predictions/0/classIndex").asInt());
                assertThat(json.readTree(camBody).at("/prediction/predictions/0/probability").asDouble()).isCloseTo(
                        json.readTree(predictionBody).at("/predictions/0/probability").asDouble(),
                        org.assertj.core.data.Offset.offset(1e-4));
            }
        } finally {
            clients.shutdownNow();
        }
        // 16 explanations and 16 predictions: fewer passes than images means passes were shared.
        assertThat(passes.totalAmount() - imagesBefore).isEqualTo(2.0 * requests);
        assertThat(passes.count() - passesBefore).isLessThan(2L * requests);
    }

    @Test
    void aModelIsLoadedOnceForConcurrentRequests() throws Exception {
        long missesBefore = models.misses();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try {
            List<Future<MvcTestResult>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(clients.submit(() -> mvc.get().uri("/api/checkpoints/{id}/predictions/3", best).exchange()));
            }
            for (Future<MvcTestResult> r : results) {
                assertThat(r.get()).hasStatusOk();
            }
        } finally {
            clients.shutdownNow();
        }
        assertThat(models.misses() - missesBefore).isLessThanOrEqualTo(1);
    }

    /**
     * A LAST file is rewritten before its record is updated; a request in between must not serve
     * the new epoch's weights under the old epoch's record (it used to: the cache loaded whatever
     * the file held).
     */
    @Test
    void aCheckpointWhoseFileIsNewerThanItsRecordIsNotServed() {
        long job = checkpoints.findById(best).orElseThrow().getJobId();
        Checkpoint last = checkpoints.findByJobIdAndKind(job, CheckpointKind.LAST).orElseThrow();
        int epoch = last.getEpoch();
        java.time.Instant at = java.time.Instant.now();
        last.replaced(epoch - 1, last.getTestAccuracy(), last.getTestLoss(), last.getSizeBytes(), last.getFileName(), at);
        checkpoints.save(last);
        try {
            assertThat(mvc.get().uri("/api/checkpoints/{id}/predictions/1", last.getId()))
                    .hasStatus(HttpStatus.SERVICE_UNAVAILABLE).hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .headers().containsHeader("Retry-After");
        } finally {
            last.replaced(epoch, last.getTestAccuracy(), last.getTestLoss(), last.getSizeBytes(), last.getFileName(),
                    at.plusMillis(1));
            checkpoints.save(last);
        }
        assertThat(mvc.get().uri("/api/checkpoints/{id}/predictions/1", last.getId())).hasStatusOk();
    }

    static byte[] tiff() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "tiff", out);
        return out.toByteArray();
    }

    /** A PNG signature and an IHDR chunk (with a valid CRC) declaring 100000 x 100000 pixels, and nothing else. */
    static byte[] hugePngHeader() {
        ByteBuffer ihdr = ByteBuffer.allocate(17);
        ihdr.put("IHDR".getBytes(StandardCharsets.US_ASCII)).putInt(100_000).putInt(100_000)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        CRC32 crc = new CRC32();
        crc.update(ihdr.array());
        ByteBuffer png = ByteBuffer.allocate(8 + 4 + 17 + 4);
        png.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'}).putInt(13).put(ihdr.array())
                .putInt((int) crc.getValue());
        return png.array();
    }
}
