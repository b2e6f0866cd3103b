package io.salience.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Layer normalization for feature maps: each sample is normalized over all of (C, H, W), then
 * scaled and shifted per channel (GroupNorm with one group). It stands where the CIFAR ResNet-18
 * has BatchNorm, so the model has no batch statistics and no running averages.
 *
 * <p>DJL's own {@code LayerNorm} learns a (C, H, W)-shaped scale; this one learns C values each,
 * and feeds them, broadcast to (C, H, W), to the engine's fused layer-norm kernel, which is exact
 * and differentiable in both input and parameters.
 */
public final class LayerNorm2d extends AbstractBlock {

    public static final float EPSILON = 1e-5f;
    private static final byte VERSION = 1;

    private final Parameter gamma;
    private final Parameter beta;

    public LayerNorm2d() {
        super(VERSION);
        gamma = addParameter(Parameter.builder().setName("gamma").setType(Parameter.Type.GAMMA).build());
        beta = addParameter(Parameter.builder().setName("beta").setType(Parameter.Type.BETA).build());
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        Shape channels = new Shape(inputShapes[0].get(1));
        gamma.setShape(channels);
        beta.setShape(channels);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        Shape s = x.getShape();
        Shape perSample = new Shape(s.get(1), s.get(2), s.get(3));
        Shape perChannel = new Shape(s.get(1), 1, 1);
        NDManager manager = x.getManager();
        NDArray scale = perSampleView(parameterStore.getValue(gamma, x.getDevice(), training), perChannel, perSample, manager);
        NDArray shift = perSampleView(parameterStore.getValue(beta, x.getDevice(), training), perChannel, perSample, manager);
        return x.getNDArrayInternal().layerNorm(x, perSample, scale, shift, EPSILON);
    }

    /**
     * The per-channel parameter broadcast to (C, H, W). The engine puts a reshape's result in the
     * manager of its source, the model's long-lived one; moving both results to the input's
     * manager frees them with the batch or request instead of keeping them for the model's life.
     */
    private static NDArray perSampleView(NDArray parameter, Shape perChannel, Shape perSample, NDManager manager) {
        NDArray column = parameter.reshape(perChannel);
        column.attach(manager);
        NDArray broadcast = column.broadcast(perSample);
        broadcast.attach(manager);
        return broadcast;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }

    @Override
    public DataType[] getOutputDataTypes() {
        return new DataType[] {DataType.FLOAT32};
    }
}
