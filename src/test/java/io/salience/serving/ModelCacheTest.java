package io.salience.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import ai.djl.ndarray.NDManager;
import io.salience.TestEngine;
import io.salience.checkpoints.Checkpoint;
import io.salience.checkpoints.CheckpointService;
import io.salience.engine.DjlRuntime;
import io.salience.training.CheckpointFixtures;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCacheTest {

    private static final DjlRuntime RUNTIME = TestEngine.runtime();

    private static Checkpoint checkpoint(long id, int epoch) {
        Checkpoint checkpoint = mock(Checkpoint.class);
        when(checkpoint.getId()).thenReturn(id);
        when(checkpoint.getEpoch()).thenReturn(epoch);
        when(checkpoint.getCreatedAt()).thenReturn(Instant.EPOCH);
        return checkpoint;
    }

    /**
     * With room for one model, a second checkpoint asked for while the first is still loading must
     * not push the loading one out: it would close as it arrives and its request would load it again.
     */
    @Test
    void aModelStillLoadingIsNotDroppedForRoom(@TempDir Path dir) throws Exception {
        Path file;
        try (NDManager manager = RUNTIME.newManager()) {
            file = CheckpointFixtures.weights(dir.resolve("w"), manager, 1);
        }
        Checkpoint first = checkpoint(1, 1);
        Checkpoint second = checkpoint(2, 1);
        CountDownLatch firstLoading = new CountDownLatch(1);
        CountDownLatch letItFinish = new CountDownLatch(1);
        CheckpointService service = mock(CheckpointService.class);
        when(service.file(first)).thenAnswer(call -> {
            firstLoading.countDown();
            letItFinish.await(30, TimeUnit.SECONDS);
            return file;
        });
        when(service.file(second)).thenReturn(file);
        ModelCache cache = new ModelCache(RUNTIME, service,
                new ServingProperties(1, 8192, new ServingProperties.MicroBatch(1, Duration.ZERO, 1, Duration.ofSeconds(1))));
        try {
            CompletableFuture<ModelCache.Lease> firstLease = CompletableFuture.supplyAsync(() -> cache.acquire(first));
            assertThat(firstLoading.await(30, TimeUnit.SECONDS)).isTrue();
            try (ModelCache.Lease lease = cache.acquire(second)) {
                assertThat(lease.model().checkpointId()).isEqualTo(2);
                letItFinish.countDown();
                try (ModelCache.Lease loaded = firstLease.get(60, TimeUnit.SECONDS)) {
                    assertThat(loaded.model().checkpointId()).isEqualTo(1);
                }
            }
            verify(service, times(1)).file(first);
            assertThat(cache.misses()).isEqualTo(2);
        } finally {
            letItFinish.countDown();
            cache.close();
        }
    }
}
