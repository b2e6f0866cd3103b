package io.salience.serving;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.salience.data.ImageSplit;
import io.salience.engine.DjlRuntime;
import io.salience.model.CifarResNet;
import io.salience.model.FeatureLayer;
import java.nio.FloatBuffer;
import org.springframework.stereotype.Component;

/**
 * Forward passes on a shared loaded model. Nothing here is shared between calls but the
 * read-only parameters: each call has its own manager, closed when it returns, so concurrent
 * requests are safe and native memory stays flat.
 */
@Component
public class Inference {

    /** Floats of one image's {@code layer4} activations (512 channels of 4 x 4). */
    public static final int LAYER4_FLOATS =
            FeatureLayer.LAYER4.channels() * FeatureLayer.LAYER4.size() * FeatureLayer.LAYER4.size();

    /**
     * What one forward pass yields for {@code n} images.
     *
     * @param logits class scores (pre-softmax), {@code n * classes} floats
     * @param layer4 the activations of the last stage (after its ReLU), {@code n * LAYER4_FLOATS}
     *     floats: with the closed-form gradient there, all a layer4 Grad-CAM needs besides the logits
     */
    public record Forward(float[] logits, float[] layer4) {}

    private final DjlRuntime runtime;

    public Inference(DjlRuntime runtime) {
        this.runtime = runtime;
    }

    /** Class scores (pre-softmax), {@code n * classes} floats, for {@code n} normalized images. */
    public float[] logits(LoadedModel loaded, float[] images, int n) {
        return pass(loaded, images, 0, n, false).logits();
    }

    /** Class scores and layer4 activations of the {@code n} normalized images from image {@code from} on, in one pass. */
    public Forward forward(LoadedModel loaded, float[] images, int from, int n) {
        return pass(loaded, images, from, n, true);
    }

    /** One pass; the activations are copied to the host only when asked for (faithfulness batches are large). */
    private Forward pass(LoadedModel loaded, float[] images, int from, int n, boolean withLayer4) {
        runtime.inferenceMode();
        CifarResNet model = loaded.model();
        try (NDManager manager = loaded.manager().newSubManager()) {
            NDArray input = manager.create(FloatBuffer.wrap(images, from * ImageSplit.IMAGE_BYTES, n * ImageSplit.IMAGE_BYTES),
                    new Shape(n, ImageSplit.CHANNELS, ImageSplit.SIDE, ImageSplit.SIDE));
            ParameterStore parameters = new ParameterStore(manager, false);
            NDArray layer4 = model.forwardTo(parameters, input, false, FeatureLayer.LAYER4);
            NDArray logits = model.forwardFrom(parameters, layer4, false, FeatureLayer.LAYER4).singletonOrThrow();
            return new Forward(logits.toFloatArray(), withLayer4 ? layer4.toFloatArray() : null);
        }
    }
}
