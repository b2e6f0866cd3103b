package io.salience.bench;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;

/**
 * Predictions or Grad-CAM heatmaps under load, over HTTP on this machine: CLIENTS clients ask
 * without pause for SECONDS seconds, alternating an uploaded image (one of 32 generated PNGs,
 * multipart) and a test image by id (GET). Prints requests per second, latency p50/p99, answers
 * other than 200 by status, and the service's resident memory before and after. Not a test.
 * KIND {@code gradcam} asks for layer4 Grad-CAM overlays (PNG) instead of predictions, each with an
 * alpha of its own so that no kept result answers: every request is computed.
 *
 * <pre>java src/test/java/io/salience/bench/LoadBenchmark.java BASE_URL CHECKPOINT_ID SERVER_PID CLIENTS SECONDS TEST_IMAGES [KIND=predictions|gradcam]</pre>
 */
public final class LoadBenchmark {

    private LoadBenchmark() {}

    public static void main(String[] args) throws Exception {
        String api = args[0].replaceAll("/$", "") + "/api/checkpoints/" + args[1];
        long pid = Long.parseLong(args[2]);
        int clients = Integer.parseInt(args[3]);
        int seconds = Integer.parseInt(args[4]);
        int testImages = Integer.parseInt(args[5]);
        boolean gradCam = args.length > 6 && args[6].equals("gradcam");
        List<byte[]> uploads = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            uploads.add(png(i));
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        // Warm up: the model is loaded and the engine's first passes are paid before measuring.
        for (int i = 0; i < 8; i++) {
            send(http, api, uploads, i, testImages, gradCam);
        }
        long rssBefore = rssKb(pid);
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        Map<Integer, AtomicInteger> failures = new ConcurrentHashMap<>();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        CountDownLatch done = new CountDownLatch(clients);
        for (int c = 0; c < clients; c++) {
            int client = c;
            new Thread(() -> {
                int n = client; // clients interleave, so no two ask the same thing
                try {
                    while (System.nanoTime() < end) {
                        long t0 = System.nanoTime();
                        int status;
                        try {
                            status = send(http, api, uploads, n, testImages, gradCam);
                            n += clients;
                        } catch (Exception e) {
                            status = -1;
                        }
                        if (status == 200) {
                            latencies.add(System.nanoTime() - t0);
                        } else {
                            failures.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                        }
                    }
                } finally {
                    done.countDown();
                }
            }).start();
        }
        done.await();
        long rssAfter = rssKb(pid);
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        double p50 = sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2) / 1e6;
        double p99 = sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, (int) (sorted.size() * 0.99))) / 1e6;
        System.out.printf("clients %d, %d s: %d ok (%.1f requests/s), p50 %.1f ms, p99 %.1f ms, not ok %s, "
                + "resident memory %d MB -> %d MB%n", clients, seconds, sorted.size(), sorted.size() / (double) seconds,
                p50, p99, failures.isEmpty() ? "none" : failures, rssBefore / 1024, rssAfter / 1024);
    }

    /** One request: even numbers upload an image, odd ones name a test image. */
    private static int send(HttpClient http, String api, List<byte[]> uploads, int n, int testImages, boolean gradCam)
            throws Exception {
        HttpRequest request;
        String alpha = "?alpha=" + (n % 997) / 1000.0;
        if (n % 2 == 0) {
            String boundary = "b" + n;
            byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"x.png\"\r\n"
                    + "Content-Type: image/png\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
            byte[] image = uploads.get((n / 2) % uploads.size());
            byte[] body = new byte[head.length + image.length + tail.length];
            System.arraycopy(head, 0, body, 0, head.length);
            System.arraycopy(image, 0, body, head.length, image.length);
            System.arraycopy(tail, 0, body, head.length + image.length, tail.length);
            request = HttpRequest.newBuilder(URI.create(api + (gradCam ? "/gradcam" + alpha : "/predictions")))
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        } else {
            int id = (n * 7919) % testImages;
            request = HttpRequest.newBuilder(URI.create(api + (gradCam ? "/gradcam/" + id + ".png" + alpha
                    : "/predictions/" + id))).GET().build();
        }
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static byte[] png(int seed) throws Exception {
        Random random = new Random(seed);
        BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256)));
        g.fillRect(0, 0, 64, 64);
        g.setColor(new Color(random.nextInt(256), random.nextInt(256), random.nextInt(256)));
        g.fillOval(8 + random.nextInt(16), 8 + random.nextInt(16), 24, 24);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private static long rssKb(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }
}
