package io.salience.serving;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of prediction and explanation serving ({@code salience.serving.*}).
 *
 * @param cacheSize loaded checkpoints kept in memory (least recently used ones are dropped)
 * @param maxImageSide uploads whose header declares a larger width or height are refused before
 *     their pixels are decoded
 * @param microBatch how concurrent predictions share forward passes
 */
@ConfigurationProperties("salience.serving")
public record ServingProperties(@DefaultValue("4") int cacheSize, @DefaultValue("8192") int maxImageSide,
        @DefaultValue MicroBatch microBatch) {

    /**
     * @param maxSize most images in one shared forward pass; 1 turns micro-batching off (each request
     *     runs its own pass on its own thread)
     * @param maxWait how long a pass waits for more requests once it has one, when the previous pass
     *     was shared too (a lone client never waits); requests that arrived during the previous pass
     *     join without waiting
     * @param queueCapacity predictions waiting for a pass; beyond it 503 + Retry-After
     * @param timeout the longest a request waits for its pass before a 503
     */
    public record MicroBatch(@DefaultValue("32") int maxSize, @DefaultValue("5ms") Duration maxWait,
            @DefaultValue("256") int queueCapacity, @DefaultValue("30s") Duration timeout) {}
}
