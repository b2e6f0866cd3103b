package io.salience.bench;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Latency and memory of a running service, over HTTP on this machine: prediction for one uploaded
 * image, Grad-CAM for one test image at layer4 and layer3, the 20-image Grad-CAM grid, every
 * explanation method for one image and for the 20-image grid, and the service's resident memory
 * before and after a soak of Grad-CAM requests. Every request asks for something not asked before
 * (another image, another blend), so the service's result cache never answers; a 202 (still
 * computing) is followed until the result comes, and counts in the time. Not a test.
 *
 * <pre>ServingBenchmark BASE_URL CHECKPOINT_ID SERVER_PID [SOAK_REQUESTS=5000] [METHOD_REQUESTS=20]</pre>
 */
public final class ServingBenchmark {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private ServingBenchmark() {}

    public static void main(String[] args) throws Exception {
        String base = args[0];
        long checkpoint = Long.parseLong(args[1]);
        long pid = Long.parseLong(args[2]);
        int soak = args.length > 3 ? Integer.parseInt(args[3]) : 5000;
        int perMethod = args.length > 4 ? Integer.parseInt(args[4]) : 20;
        String api = base + "/api/checkpoints/" + checkpoint;
        byte[] upload = samplePng();

        // Warm-up: load the model, let the JIT and the engine settle.
        for (int i = 0; i < 30; i++) {
            get(api + "/gradcam/" + i + ".png?layer=layer3");
            post(api + "/predictions", upload);
        }
        report("prediction (upload)", time(300, i -> post(api + "/predictions", upload)));
        report("Grad-CAM layer4 (png)", time(300, i -> get(api + "/gradcam/" + (i % 1000) + ".png?layer=layer4")));
        report("Grad-CAM layer3 (png)", time(300, i -> get(api + "/gradcam/" + (i % 1000) + ".png?layer=layer3")));
        report("Grad-CAM grid, 20 images", time(10, i -> get(api + "/gradcam.png?limit=20&alpha=0.5" + i)));
        report("misclassified grid, 20", time(10, i -> get(api + "/misclassified.png?limit=20")));

        String listing = new String(CLIENT.send(HttpRequest.newBuilder(URI.create(base + "/api/cam-methods")).build(),
                HttpResponse.BodyHandlers.ofByteArray()).body(), StandardCharsets.UTF_8);
        java.util.regex.Matcher ids = java.util.regex.Pattern.compile("\\{\"id\":\"([^\"]+)\"").matcher(listing);
        int offset = 1000;
        while (ids.find()) {
            String method = java.net.URLEncoder.encode(ids.group(1), StandardCharsets.UTF_8);
            int first = offset;
            report(ids.group(1) + " (1 image)", time(perMethod, i -> get(api + "/gradcam/" + (first + i) + "?method=" + method)));
            report(ids.group(1) + " (grid of 20)", time(2, i -> get(api + "/gradcam.png?limit=20&method=" + method
                    + "&alpha=0.4" + i)));
            offset += perMethod;
        }

        long before = rssKb(pid);
        long[] samples = new long[5];
        for (int i = 0; i < soak; i++) {
            get(api + "/gradcam/" + (i % 1000) + ".png?layer=" + (i % 2 == 0 ? "layer3" : "layer4"));
            if ((i + 1) % (soak / samples.length) == 0) {
                samples[(i + 1) / (soak / samples.length) - 1] = rssKb(pid);
            }
        }
        long after = rssKb(pid);
        System.out.printf("soak: %d Grad-CAM requests (layer3/layer4 alternating); resident memory %d MB before, "
                + "%d MB after; samples %s MB%n", soak, before / 1024, after / 1024,
                Arrays.toString(Arrays.stream(samples).map(s -> s / 1024).toArray()));
    }

    private interface Call {
        void run(int i) throws Exception;
    }

    private static double[] time(int n, Call call) throws Exception {
        double[] ms = new double[n];
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            call.run(i);
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(ms);
        return ms;
    }

    private static void report(String what, double[] sorted) {
        System.out.printf("%-26s p50 %7.1f ms  p99 %7.1f ms  (n=%d)%n", what, percentile(sorted, 50),
                percentile(sorted, 99), sorted.length);
    }

    private static double percentile(double[] sorted, double p) {
        int index = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static void get(String url) throws Exception {
        HttpResponse<byte[]> r = CLIENT.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        // 202: still computing; ask again after the advised pause.
        while (r.statusCode() == 202) {
            Thread.sleep(1000 * Long.parseLong(r.headers().firstValue("Retry-After").orElse("1")));
            r = CLIENT.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        }
        check(url, r);
    }

    private static void post(String url, byte[] png) throws Exception {
        String boundary = "bench-boundary";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"cat.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        body.write(png);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        HttpResponse<byte[]> r = CLIENT.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        check(url, r);
    }

    private static void check(String url, HttpResponse<byte[]> r) {
        if (r.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + r.statusCode() + ": "
                    + new String(r.body(), StandardCharsets.UTF_8));
        }
    }

    /** A 256x256 photo-like image, so that decoding and resizing are part of the measured work. */
    private static byte[] samplePng() throws Exception {
        BufferedImage image = new BufferedImage(256, 256, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(1);
        for (int y = 0; y < 256; y++) {
            for (int x = 0; x < 256; x++) {
                image.setRGB(x, y, ((x + random.nextInt(20)) << 16) | ((y + random.nextInt(20)) << 8) | (x ^ y));
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private static long rssKb(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D+", ""));
            }
        }
        throw new IllegalStateException("no VmRSS for process " + pid);
    }
}
