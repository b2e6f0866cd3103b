package io.salience.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How fast each recipe learns, measured with a running service: submits one job per recipe and
 * seed (one after the other), waits for each, and prints the test accuracy after every epoch.
 * Not a test. Needs only the JDK.
 *
 * <pre>RecipeBenchmark BASE_URL DATASET TRAIN_LIMIT TEST_LIMIT EPOCHS RECIPES SEEDS ['{"extra": "json fields"}']</pre>
 *
 * RECIPES and SEEDS are comma-separated, e.g. {@code reference,fast-start} and {@code 1,2}.
 */
public final class RecipeBenchmark {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");
    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"(\\w+)\"");
    private static final Pattern ACCURACY = Pattern.compile("\"testAccuracy\"\\s*:\\s*([0-9.eE-]+)");

    private RecipeBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 7) {
            System.err.println("usage: RecipeBenchmark BASE_URL DATASET TRAIN_LIMIT TEST_LIMIT EPOCHS RECIPES SEEDS [EXTRA_JSON]");
            System.exit(2);
        }
        String base = args[0];
        String extra = args.length > 7 ? args[7].trim() : "";
        if (extra.startsWith("{")) {
            extra = extra.substring(1, extra.length() - 1).trim();
        }
        List<String> rows = new ArrayList<>();
        for (String recipe : args[5].split(",")) {
            for (String seed : args[6].split(",")) {
                String body = String.format("{\"recipe\": \"%s\", \"dataset\": \"%s\", \"trainLimit\": %s, "
                        + "\"testLimit\": %s, \"epochs\": %s, \"seed\": %s%s}", recipe, args[1], args[2], args[3],
                        args[4], seed, extra.isEmpty() ? "" : ", " + extra);
                long started = System.nanoTime();
                long id = submit(base, body);
                String status = await(base, id);
                List<String> accuracies = new ArrayList<>();
                Matcher m = ACCURACY.matcher(get(base + "/api/jobs/" + id + "/metrics"));
                while (m.find()) {
                    accuracies.add(String.format("%.1f%%", 100 * Double.parseDouble(m.group(1))));
                }
                String row = String.format("%-12s seed %-3s job %-4d %-9s %5.0f s  test accuracy per epoch: %s", recipe,
                        seed, id, status, (System.nanoTime() - started) / 1e9, String.join(" ", accuracies));
                System.out.println(row);
                rows.add(row);
            }
        }
        System.out.println();
        System.out.printf("dataset %s, first %s / %s images, %s epochs%s%n", args[1], args[2], args[3], args[4],
                extra.isEmpty() ? "" : ", with " + extra);
        rows.forEach(System.out::println);
    }

    private static long submit(String base, String body) throws Exception {
        HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(URI.create(base + "/api/jobs"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 202) {
            throw new IllegalStateException("POST /api/jobs answered " + response.statusCode() + ": " + response.body());
        }
        Matcher m = ID.matcher(response.body());
        if (!m.find()) {
            throw new IllegalStateException("no job id in " + response.body());
        }
        return Long.parseLong(m.group(1));
    }

    private static String await(String base, long id) throws Exception {
        while (true) {
            Matcher m = STATUS.matcher(get(base + "/api/jobs/" + id));
            String status = m.find() ? m.group(1) : "?";
            if (!status.equals("QUEUED") && !status.equals("RUNNING")) {
                return status;
            }
            Thread.sleep(5000);
        }
    }

    private static String get(String url) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
