package io.salience.model;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.salience.engine.DjlRuntime;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * Describes the model for a number of classes. Only the linear head depends on it, so one model
 * is built (for 10 classes, once) and every other count is derived from its table: a request
 * never builds a model, whatever count it asks for.
 */
@Service
public class ModelSummaryService {

    public static final int MAX_CLASSES = 10_000;
    private static final int BUILT_CLASSES = 10;

    private final DjlRuntime runtime;
    private volatile ModelSummary built;

    public ModelSummaryService(DjlRuntime runtime) {
        this.runtime = runtime;
    }

    public ModelSummary summary(int numClasses) {
        if (numClasses < 2 || numClasses > MAX_CLASSES) {
            throw new IllegalArgumentException("classes must be between 2 and " + MAX_CLASSES + ", not " + numClasses);
        }
        ModelSummary base = built;
        if (base == null) {
            synchronized (this) {
                if (built == null) {
                    built = build(BUILT_CLASSES);
                }
                base = built;
            }
        }
        return withHead(base, numClasses);
    }

    /** The table with the head ({@code fc}, the last row: features x classes weights plus a bias each) resized. */
    static ModelSummary withHead(ModelSummary base, int numClasses) {
        List<LayerSummary> rows = new ArrayList<>(base.layers());
        LayerSummary head = rows.get(rows.size() - 1);
        LayerSummary flatten = rows.get(rows.size() - 2);
        long features = flatten.outputShape().get(1);
        long parameters = (features + 1) * numClasses;
        rows.set(rows.size() - 1, new LayerSummary(head.name(), head.type(), List.of(-1L, (long) numClasses), parameters));
        long change = parameters - head.parameters();
        return new ModelSummary(base.totalParameters() + change, base.trainableParameters() + change, List.copyOf(rows));
    }

    /** Builds the model and reads its table: its parameter counts and output shapes. */
    static ModelSummary build(NDManager manager, int numClasses) {
        CifarResNet model = ModelFactory.create(manager, numClasses, 0);
        long total = 0;
        long trainable = 0;
        for (Pair<String, Parameter> p : model.getParameters()) {
            long size = p.getValue().getShape().size();
            total += size;
            trainable += p.getValue().requiresGradient() ? size : 0;
        }
        return new ModelSummary(total, trainable, model.describe());
    }

    private ModelSummary build(int numClasses) {
        try (NDManager manager = runtime.newManager()) {
            return build(manager, numClasses);
        }
    }
}
