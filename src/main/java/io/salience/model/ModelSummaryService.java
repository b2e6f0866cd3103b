package io.salience.model;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.salience.engine.DjlRuntime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Service;

/** Describes the model for a number of classes; the answer never changes, so it is cached. */
@Service
public class ModelSummaryService {

    public static final int MAX_CLASSES = 10_000;
    private static final int MAX_CACHED = 8;

    private final DjlRuntime runtime;
    private final Map<Integer, ModelSummary> cache = new ConcurrentHashMap<>();

    public ModelSummaryService(DjlRuntime runtime) {
        this.runtime = runtime;
    }

    public ModelSummary summary(int numClasses) {
        if (numClasses < 2 || numClasses > MAX_CLASSES) {
            throw new IllegalArgumentException("classes must be between 2 and " + MAX_CLASSES + ", not " + numClasses);
        }
        // Only the common sizes are kept: a summary builds a whole model, and any class count may be asked for.
        if (cache.size() >= MAX_CACHED && !cache.containsKey(numClasses)) {
            return describe(numClasses);
        }
        return cache.computeIfAbsent(numClasses, this::describe);
    }

    private ModelSummary describe(int numClasses) {
        try (NDManager manager = runtime.newManager()) {
            CifarResNet model = ModelFactory.create(manager, numClasses, 0);
            long total = 0;
            long trainable = 0;
            for (Pair<String, Parameter> p : model.getParameters()) {
                long size = p.getValue().getShape().size();
                total += size;
                trainable += p.getValue().requiresGradient() ? size : 0;
            }
            List<LayerSummary> rows = model.describe();
            return new ModelSummary(total, trainable, rows);
        }
    }
}
