package io.salience.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.salience.errors.NotFoundException;
import io.salience.errors.UnavailableException;
import io.salience.support.S3ProxyServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The S3 store against a real S3 API server (S3Proxy). */
class S3ArtifactStoreTest {

    @TempDir
    static Path dir;

    static S3ProxyServer server;
    static S3ArtifactStore store;

    @BeforeAll
    static void start() throws Exception {
        server = S3ProxyServer.start(dir.resolve("s3"), "checkpoints");
        store = new S3ArtifactStore(new ArtifactProperties.S3("checkpoints", "salience", server.endpoint(), "us-east-1",
                true, S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY));
    }

    @AfterAll
    static void stop() throws Exception {
        store.close();
        server.close();
    }

    @Test
    void storesReadsAndDeletesFilesByKey() throws Exception {
        byte[] content = new byte[3_000_000];
        new Random(1).nextBytes(content);
        Path file = Files.write(dir.resolve("last.ckpt"), content);
        store.upload("jobs/7/last.ckpt", file);
        store.upload("jobs/7/best.ckpt", file);
        store.upload("jobs/8/last.ckpt", file);

        Path copy = dir.resolve("cache/7/last.ckpt");
        store.download("jobs/7/last.ckpt", copy);
        assertThat(Files.readAllBytes(copy)).isEqualTo(content);
        assertThat(server.client().listObjectsV2(b -> b.bucket("checkpoints")).contents())
                .extracting(o -> o.key()).contains("salience/jobs/7/last.ckpt", "salience/jobs/8/last.ckpt");

        store.deletePrefix("jobs/7/");
        // (S3Proxy's filesystem backend also lists its folders as keys ending in '/'.)
        assertThat(server.client().listObjectsV2(b -> b.bucket("checkpoints").prefix("salience/jobs/")).contents())
                .extracting(o -> o.key()).filteredOn(k -> !k.endsWith("/")).containsExactly("salience/jobs/8/last.ckpt");
        assertThatThrownBy(() -> store.download("jobs/7/last.ckpt", dir.resolve("gone.ckpt")))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("gone");
        assertThat(dir.resolve("gone.ckpt")).doesNotExist();
    }

    @Test
    void wrongCredentialsAreUnavailableNotAnInternalError() {
        S3ArtifactStore wrong = new S3ArtifactStore(new ArtifactProperties.S3("checkpoints", "salience",
                server.endpoint(), "us-east-1", true, "nobody", "nothing"));
        assertThatThrownBy(() -> wrong.download("jobs/8/last.ckpt", dir.resolve("x.ckpt")))
                .isInstanceOf(UnavailableException.class);
        wrong.close();
    }
}
