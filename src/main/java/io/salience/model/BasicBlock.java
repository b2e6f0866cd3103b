package io.salience.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.List;

/**
 * The ResNet basic block: two 3x3 convolutions, each followed by a norm, added to a shortcut.
 * The shortcut is the identity, or a 1x1 convolution and a norm where the stride or width changes.
 */
final class BasicBlock extends AbstractBlock {

    private static final byte VERSION = 1;

    private final Conv2d conv1;
    private final LayerNorm2d norm1;
    private final Conv2d conv2;
    private final LayerNorm2d norm2;
    private final Conv2d shortcutConv;
    private final LayerNorm2d shortcutNorm;

    BasicBlock(int inChannels, int outChannels, int stride) {
        super(VERSION);
        conv1 = addChildBlock("conv1", CifarResNet.conv(outChannels, 3, stride));
        norm1 = addChildBlock("norm1", new LayerNorm2d());
        conv2 = addChildBlock("conv2", CifarResNet.conv(outChannels, 3, 1));
        norm2 = addChildBlock("norm2", new LayerNorm2d());
        if (stride != 1 || inChannels != outChannels) {
            shortcutConv = addChildBlock("shortcut_conv", CifarResNet.conv(outChannels, 1, stride));
            shortcutNorm = addChildBlock("shortcut_norm", new LayerNorm2d());
        } else {
            shortcutConv = null;
            shortcutNorm = null;
        }
    }

    /**
     * Sets the scale of the residual branch's last norm to zero, so that the block starts as
     * relu(shortcut(x)) ("zero-init residual", Goyal et al. 2017). The shortcut's norm keeps its scale.
     */
    void zeroResidualScale() {
        var gamma = norm2.getParameters().get("gamma").getArray();
        gamma.set(new float[Math.toIntExact(gamma.size())]);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList out = conv1.forward(ps, inputs, training);
        out = Activation.relu(norm1.forward(ps, out, training));
        out = norm2.forward(ps, conv2.forward(ps, out, training), training);
        NDArray shortcut = shortcutConv == null
                ? inputs.singletonOrThrow()
                : shortcutNorm.forward(ps, shortcutConv.forward(ps, inputs, training), training).singletonOrThrow();
        return new NDList(Activation.relu(out.singletonOrThrow().add(shortcut)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return conv1.getOutputShapes(inputShapes);
    }

    @Override
    public DataType[] getOutputDataTypes() {
        return new DataType[] {DataType.FLOAT32};
    }

    @Override
    protected void initializeChildBlocks(ai.djl.ndarray.NDManager manager, DataType dataType, Shape... inputShapes) {
        conv1.initialize(manager, dataType, inputShapes);
        Shape[] mid = conv1.getOutputShapes(inputShapes);
        norm1.initialize(manager, dataType, mid);
        conv2.initialize(manager, dataType, mid);
        norm2.initialize(manager, dataType, mid);
        if (shortcutConv != null) {
            shortcutConv.initialize(manager, dataType, inputShapes);
            shortcutNorm.initialize(manager, dataType, mid);
        }
    }

    /** Adds this block's rows to a summary, in execution order. */
    void describe(String name, Shape input, List<LayerSummary> rows) {
        Shape out = conv1.getOutputShapes(new Shape[] {input})[0];
        rows.add(LayerSummary.of(name + ".conv1", "Conv2d", out, conv1));
        rows.add(LayerSummary.of(name + ".norm1", "LayerNorm2d", out, norm1));
        rows.add(LayerSummary.of(name + ".relu1", "ReLU", out, null));
        rows.add(LayerSummary.of(name + ".conv2", "Conv2d", out, conv2));
        rows.add(LayerSummary.of(name + ".norm2", "LayerNorm2d", out, norm2));
        if (shortcutConv != null) {
            rows.add(LayerSummary.of(name + ".shortcut.conv", "Conv2d", out, shortcutConv));
            rows.add(LayerSummary.of(name + ".shortcut.norm", "LayerNorm2d", out, shortcutNorm));
        }
        rows.add(LayerSummary.of(name + ".relu2", "ReLU", out, null));
    }
}
