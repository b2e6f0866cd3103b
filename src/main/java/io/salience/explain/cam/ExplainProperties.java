package io.salience.explain.cam;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of explanations ({@code salience.explain.*}).
 *
 * @param batchSize most images per forward or backward pass of an explanation (Score-CAM's masked
 *     images, Ablation-CAM's ablations, Integrated Gradients' path, gradient batches). A gradient
 *     batch holds the process's gradient lock, so keep it no larger than a training batch.
 */
@ConfigurationProperties("salience.explain")
public record ExplainProperties(@DefaultValue("64") int batchSize) {

    public ExplainProperties {
        if (batchSize < 1) {
            throw new IllegalArgumentException("salience.explain.batch-size must be positive, not " + batchSize);
        }
    }
}
