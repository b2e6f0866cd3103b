package io.salience.jobs;

import io.salience.engine.DjlRuntime;
import io.salience.training.Evaluator;
import io.salience.training.Trainer;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The trainer and the thread pool that prepares its batches. */
@Configuration(proxyBeanMethods = false)
public class TrainingConfiguration {

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
    Trainer trainer(DjlRuntime runtime, ExecutorService dataWorkers, TrainingProperties properties) {
        return new Trainer(runtime, dataWorkers, properties.stepLogInterval());
    }

    @Bean
    Evaluator evaluator(DjlRuntime runtime, ExecutorService dataWorkers) {
        return new Evaluator(runtime, dataWorkers);
    }
}
