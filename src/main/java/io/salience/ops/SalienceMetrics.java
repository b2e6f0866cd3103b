package io.salience.ops;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.salience.explain.ExplanationWork;
import io.salience.jobs.JobStatus;
import io.salience.jobs.TrainingJobRepository;
import io.salience.serving.ModelCache;
import org.springframework.stereotype.Component;

/**
 * The service's own gauges and counters for Prometheus: jobs by status and the model cache's
 * hits and misses. Timers (epoch duration, prediction and Grad-CAM latency) and the training
 * throughput are recorded where the work happens.
 */
@Component
public class SalienceMetrics implements MeterBinder {

    private final TrainingJobRepository jobs;
    private final ModelCache models;
    private final ExplanationWork explanations;

    public SalienceMetrics(TrainingJobRepository jobs, ModelCache models, ExplanationWork explanations) {
        this.jobs = jobs;
        this.models = models;
        this.explanations = explanations;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (JobStatus status : JobStatus.values()) {
            Gauge.builder("salience.jobs", jobs, r -> r.countByStatus(status))
                    .tag("status", status.name())
                    .description("training jobs by status")
                    .register(registry);
        }
        FunctionCounter.builder("salience.model.cache.requests", models, ModelCache::hits).tag("result", "hit")
                .description("checkpoint model lookups served from memory").register(registry);
        FunctionCounter.builder("salience.model.cache.requests", models, ModelCache::misses).tag("result", "miss")
                .description("checkpoint model lookups that loaded the checkpoint").register(registry);
        Gauge.builder("salience.explain.pending", explanations, ExplanationWork::pending)
                .description("explanations queued or being computed").register(registry);
        Gauge.builder("salience.explain.cached.bytes", explanations, ExplanationWork::cachedBytes)
                .description("memory held by finished explanations kept for repeated requests").register(registry);
    }
}
