package io.salience.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.Pair;
import java.util.SplittableRandom;

/**
 * Builds the model and initializes it the way PyTorch does by default, from a seed of our own, so
 * that the same seed gives the same weights on any device and thread count.
 */
public final class ModelFactory {

    private ModelFactory() {}

    /** A new, initialized CIFAR ResNet-18 whose arrays live in {@code manager}. */
    public static CifarResNet create(NDManager manager, int numClasses, long seed) {
        return create(manager, numClasses, seed, false);
    }

    /**
     * The same, optionally with zero-init residual: the same random draws, then the scale of each
     * block's last norm set to zero (see {@link CifarResNet#zeroInitResidual()}).
     */
    public static CifarResNet create(NDManager manager, int numClasses, long seed, boolean zeroInitResidual) {
        CifarResNet model = allocate(manager, numClasses);
        reinitialize(model, seed);
        if (zeroInitResidual) {
            model.zeroInitResidual();
        }
        return model;
    }

    /** A model with every array allocated (and zero), for callers that set the weights themselves. */
    public static CifarResNet allocate(NDManager manager, int numClasses) {
        CifarResNet model = new CifarResNet(numClasses);
        model.setInitializer(Initializer.ZEROS, p -> true);
        model.initialize(manager, DataType.FLOAT32, CifarResNet.INPUT_SHAPE);
        return model;
    }

    /**
     * PyTorch's defaults: convolution and linear weights uniform in +-1/sqrt(fan_in) (kaiming
     * uniform with a = sqrt(5)), linear biases likewise with the weight's fan-in, norm scale 1 and
     * shift 0.
     */
    static void reinitialize(CifarResNet model, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        long fanIn = 1;
        for (Pair<String, Parameter> pair : model.getParameters()) {
            Parameter p = pair.getValue();
            NDArray array = p.getArray();
            long size = array.getShape().size();
            float[] values = new float[Math.toIntExact(size)];
            switch (p.getType()) {
                case WEIGHT -> {
                    fanIn = size / array.getShape().get(0);
                    fillUniform(values, 1.0 / Math.sqrt(fanIn), random);
                }
                case BIAS -> fillUniform(values, 1.0 / Math.sqrt(fanIn), random);
                case GAMMA -> java.util.Arrays.fill(values, 1f);
                default -> { } // BETA and anything else start at zero
            }
            array.set(values);
        }
    }

    private static void fillUniform(float[] values, double bound, SplittableRandom random) {
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
        }
    }
}
