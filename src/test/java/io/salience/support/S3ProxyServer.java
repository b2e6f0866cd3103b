package io.salience.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 API server for tests: S3Proxy with its filesystem backend, started as its own process
 * from the jar the build copies to {@code target/s3proxy} (so its Jetty never meets our Tomcat).
 */
public final class S3ProxyServer implements AutoCloseable {

    public static final String ACCESS_KEY = "test-access";
    public static final String SECRET_KEY = "test-secret";

    private final Process process;
    private final URI endpoint;

    private S3ProxyServer(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    /** Starts S3Proxy on a free port, storing under {@code dir}, and creates {@code bucket}. */
    public static S3ProxyServer start(Path dir, String bucket) throws Exception {
        String jar = System.getProperty("salience.test.s3proxy-jar", "target/s3proxy/s3proxy.jar");
        if (!Files.exists(Path.of(jar))) {
            throw new IllegalStateException("S3Proxy is missing at " + jar + ": run the tests through Maven");
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Files.createDirectories(dir.resolve("data"));
        Path properties = dir.resolve("s3proxy.properties");
        Files.write(properties, List.of(
                "s3proxy.endpoint=http://127.0.0.1:" + port,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + ACCESS_KEY,
                "s3proxy.credential=" + SECRET_KEY,
                "jclouds.provider=filesystem",
                "jclouds.filesystem.basedir=" + dir.resolve("data")));
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", jar, "--properties", properties.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("s3proxy.log").toFile()).start();
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        S3ProxyServer server = new S3ProxyServer(process, endpoint);
        server.awaitUp();
        try (S3Client s3 = server.client()) {
            s3.createBucket(b -> b.bucket(bucket));
        }
        return server;
    }

    private void awaitUp() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("S3Proxy exited with " + process.exitValue());
            }
            try {
                http.send(HttpRequest.newBuilder(endpoint).build(), HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("S3Proxy did not start within a minute");
    }

    public URI endpoint() {
        return endpoint;
    }

    /** A client with the server's credentials, to look at the bucket from outside. */
    public S3Client client() {
        return S3Client.builder().httpClient(UrlConnectionHttpClient.create()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .endpointOverride(endpoint).forcePathStyle(true)
                .requestChecksumCalculation(software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(software.amazon.awssdk.core.checksums.ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
    }

    /** The settings that point the service at this server. */
    public List<String> serviceArguments(String bucket) {
        return List.of("--salience.artifacts.type=s3", "--salience.artifacts.s3.bucket=" + bucket,
                "--salience.artifacts.s3.endpoint=" + endpoint, "--salience.artifacts.s3.path-style=true",
                "--salience.artifacts.s3.access-key=" + ACCESS_KEY, "--salience.artifacts.s3.secret-key=" + SECRET_KEY);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }
}
