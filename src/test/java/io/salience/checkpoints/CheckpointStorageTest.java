package io.salience.checkpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.salience.storage.ArtifactProperties;
import io.salience.storage.ArtifactStore;
import io.salience.storage.StorageProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local cache of stored checkpoints, with a remote store that hands out files of a given size. */
class CheckpointStorageTest {

    @TempDir
    Path root;

    /** Objects of 600 KB; downloads of the keys in {@code held} wait for {@code release}. */
    private static final class FakeStore implements ArtifactStore {
        final Map<String, CountDownLatch> held = new ConcurrentHashMap<>();
        final CountDownLatch started = new CountDownLatch(1);

        @Override
        public boolean remote() {
            return true;
        }

        @Override
        public void upload(String key, Path file) {}

        @Override
        public void download(String key, Path target) {
            CountDownLatch release = held.get(key);
            if (release != null) {
                started.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            try {
                Files.createDirectories(target.getParent());
                Files.write(target, new byte[600 * 1024]);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void deletePrefix(String prefix) {}
    }

    private static Checkpoint checkpoint(long jobId, int epoch) {
        Checkpoint c = mock(Checkpoint.class);
        when(c.getJobId()).thenReturn(jobId);
        when(c.getKind()).thenReturn(CheckpointKind.LAST);
        when(c.getEpoch()).thenReturn(epoch);
        when(c.getCreatedAt()).thenReturn(Instant.EPOCH);
        return c;
    }

    private CheckpointStorage storage(FakeStore store) {
        return new CheckpointStorage(new StorageProperties(root), store, new ArtifactProperties("s3", null, 1));
    }

    @Test
    void aSlowDownloadHoldsUpOnlyTheReadersOfItsOwnCheckpoint() throws Exception {
        FakeStore store = new FakeStore();
        CountDownLatch release = new CountDownLatch(1);
        store.held.put(CheckpointStorage.key(1, CheckpointKind.LAST), release);
        CheckpointStorage storage = storage(store);

        CompletableFuture<Path> slow = CompletableFuture.supplyAsync(() -> storage.readable(checkpoint(1, 1)));
        assertThat(store.started.await(10, TimeUnit.SECONDS)).isTrue();
        Path other = CompletableFuture.supplyAsync(() -> storage.readable(checkpoint(2, 1))).get(10, TimeUnit.SECONDS);
        assertThat(other).exists();
        assertThat(slow).isNotDone();
        release.countDown();
        assertThat(slow.get(10, TimeUnit.SECONDS)).exists();
    }

    /** The path is returned before the reader opens it: a copy just used must not vanish in between. */
    @Test
    void aCopyUsedAMomentAgoIsKeptAndTheLeastRecentlyUsedOlderOneDropped() throws Exception {
        CheckpointStorage storage = storage(new FakeStore());
        Path a = storage.readable(checkpoint(1, 1));
        Path b = storage.readable(checkpoint(1, 2)); // 1.2 MB in a 1 MB cache, but a was just used
        assertThat(a).exists();
        assertThat(b).exists();

        Files.setLastModifiedTime(a, FileTime.from(Instant.now().minus(CheckpointStorage.IN_USE).minusSeconds(5)));
        Path c = storage.readable(checkpoint(1, 3));
        assertThat(a).doesNotExist();
        assertThat(b).exists();
        assertThat(c).exists();
    }
}
