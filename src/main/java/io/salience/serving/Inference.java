package io.salience.serving;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.salience.data.ImageSplit;
import io.salience.engine.DjlRuntime;
import java.nio.FloatBuffer;
import org.springframework.stereotype.Component;

/**
 * Forward passes on a shared loaded model. Nothing here is shared between calls but the
 * read-only parameters: each call has its own manager, closed when it returns, so concurrent
 * requests are safe and native memory stays flat.
 */
@Component
public class Inference {

    private final DjlRuntime runtime;

    public Inference(DjlRuntime runtime) {
        this.runtime = runtime;
    }

    /** Class scores (pre-softmax), {@code n * classes} floats, for {@code n} normalized images. */
    public float[] logits(LoadedModel loaded, float[] images, int n) {
        runtime.inferenceMode();
        try (NDManager manager = loaded.manager().newSubManager()) {
            var input = manager.create(FloatBuffer.wrap(images, 0, n * ImageSplit.IMAGE_BYTES),
                    new Shape(n, ImageSplit.CHANNELS, ImageSplit.SIDE, ImageSplit.SIDE));
            return loaded.model().forward(new ParameterStore(manager, false), new NDList(input), false)
                    .singletonOrThrow().toFloatArray();
        }
    }
}
