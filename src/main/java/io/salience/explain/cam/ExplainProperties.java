package io.salience.explain.cam;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of explanations ({@code salience.explain.*}).
 *
 * @param batchSize most images per forward or backward pass of an explanation (Score-CAM's masked
 *     images, Ablation-CAM's ablations, Integrated Gradients' path, gradient batches). A gradient
 *     batch holds the process's gradient lock, so keep it no larger than a training batch.
 * @param threads explanations computed at once (each uses the engine's intra-op threads)
 * @param queueCapacity explanations waiting for a thread; beyond it requests get 503 + Retry-After
 * @param requestWait how long a request waits for its explanation before it gets 202 + Retry-After
 * @param resultCacheSize finished explanations kept, so that the retried request finds its result
 * @param resultCacheMegabytes memory the kept explanations may hold at most (pictures count decoded)
 */
@ConfigurationProperties("salience.explain")
public record ExplainProperties(@DefaultValue("64") int batchSize, @DefaultValue("1") int threads,
        @DefaultValue("16") int queueCapacity, @DefaultValue("10s") Duration requestWait,
        @DefaultValue("64") int resultCacheSize, @DefaultValue("256") int resultCacheMegabytes) {

    public ExplainProperties {
        if (batchSize < 1 || threads < 1 || queueCapacity < 0 || resultCacheSize < 1 || resultCacheMegabytes < 1) {
            throw new IllegalArgumentException("salience.explain: batch-size, threads and result-cache-size must be "
                    + "positive and queue-capacity >= 0");
        }
        if (requestWait.isNegative()) {
            throw new IllegalArgumentException("salience.explain.request-wait must not be negative");
        }
    }
}
