package io.salience.jobs;

import io.salience.engine.DjlRuntime;
import io.salience.engine.EngineProperties;
import io.salience.training.BatchPreparation;
import io.salience.training.Evaluator;
import io.salience.training.Trainer;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The trainer and the thread pool that prepares its batches. */
@Configuration(proxyBeanMethods = false)
public class TrainingConfiguration {

    private static final Logger log = LoggerFactory.getLogger(TrainingConfiguration.class);

    @Bean(destroyMethod = "shutdownNow")
    ExecutorService dataWorkers(TrainingProperties properties) {
        AtomicInteger count = new AtomicInteger();
        return Executors.newFixedThreadPool(Math.max(1, properties.dataWorkers()), r -> {
            Thread t = new Thread(r, "data-worker-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Bean
    Trainer trainer(DjlRuntime runtime, ExecutorService dataWorkers, TrainingProperties properties,
            EngineProperties engine) {
        BatchPreparation preparation =
                BatchPreparation.of(properties.prepareBatchesAhead(), runtime.device(), engine.numThreads());
        log.info("Training batches are prepared {} ({})", preparation == BatchPreparation.AHEAD
                ? "ahead by the data workers" : "on the training thread before each step", runtime.device());
        return new Trainer(runtime, dataWorkers, properties.stepLogInterval(), preparation);
    }

    @Bean
    Evaluator evaluator(DjlRuntime runtime, ExecutorService dataWorkers) {
        return new Evaluator(runtime, dataWorkers);
    }
}
