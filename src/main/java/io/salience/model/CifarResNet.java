package io.salience.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;

/**
 * ResNet-18 in its CIFAR form (kuangliu/pytorch-cifar): a 3x3 stem with no max-pool, four stages
 * of two basic blocks (64/128/256/512 channels, strides 1/2/2/2), a 4x4 average pool and a linear
 * head, with {@link LayerNorm2d} wherever the original has BatchNorm.
 *
 * <p>Besides the plain forward pass it can run up to the end of a stage and on from there, which
 * is what Grad-CAM needs: the gradient of a class score with respect to a stage's activations.
 */
public final class CifarResNet extends AbstractBlock {

    /** Input images are 3x32x32. */
    public static final Shape INPUT_SHAPE = new Shape(1, 3, 32, 32);

    private static final byte VERSION = 1;
    private static final int[] WIDTHS = {64, 128, 256, 512};
    private static final int[] STRIDES = {1, 2, 2, 2};

    private final int numClasses;
    private final Conv2d stemConv;
    private final LayerNorm2d stemNorm;
    private final List<SequentialBlock> stages = new ArrayList<>();
    private final Linear head;

    public CifarResNet(int numClasses) {
        super(VERSION);
        if (numClasses < 2) {
            throw new IllegalArgumentException("a classifier needs at least 2 classes, not " + numClasses);
        }
        this.numClasses = numClasses;
        stemConv = addChildBlock("conv1", conv(64, 3, 1));
        stemNorm = addChildBlock("norm1", new LayerNorm2d());
        int in = 64;
        for (int s = 0; s < 4; s++) {
            SequentialBlock stage = new SequentialBlock()
                    .add(new BasicBlock(in, WIDTHS[s], STRIDES[s]))
                    .add(new BasicBlock(WIDTHS[s], WIDTHS[s], 1));
            stages.add(addChildBlock("layer" + (s + 1), stage));
            in = WIDTHS[s];
        }
        head = addChildBlock("fc", Linear.builder().setUnits(numClasses).build());
    }

    static Conv2d conv(int filters, int kernel, int stride) {
        int pad = kernel / 2;
        return Conv2d.builder()
                .setFilters(filters)
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(pad, pad))
                .optBias(false)
                .build();
    }

    /** Zero-init residual: every basic block's residual branch starts with a zero scale. */
    public void zeroInitResidual() {
        for (SequentialBlock stage : stages) {
            for (var child : stage.getChildren().values()) {
                ((BasicBlock) child).zeroResidualScale();
            }
        }
    }

    /** The stem convolution's weight, (64, 3, 3, 3), for a start that depends on the data. */
    public NDArray stemWeight() {
        return stemConv.getParameters().get("weight").getArray();
    }

    public int numClasses() {
        return numClasses;
    }

    /** The linear head, whose weights Grad-CAM's layer-4 identity refers to. */
    public Linear head() {
        return head;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        return forwardFrom(ps, forwardTo(ps, inputs.singletonOrThrow(), training, FeatureLayer.LAYER4), training,
                FeatureLayer.LAYER4);
    }

    /** Runs the stem and the stages up to and including {@code layer}; returns its activations. */
    public NDArray forwardTo(ParameterStore ps, NDArray images, boolean training, FeatureLayer layer) {
        NDList x = stemConv.forward(ps, new NDList(images), training);
        x = new NDList(Activation.relu(stemNorm.forward(ps, x, training).singletonOrThrow()));
        for (int s = 0; s <= layer.ordinal(); s++) {
            x = stages.get(s).forward(ps, x, training);
        }
        return x.singletonOrThrow();
    }

    /** Runs from the activations of {@code layer} to the class scores (pre-softmax logits). */
    public NDList forwardFrom(ParameterStore ps, NDArray activations, boolean training, FeatureLayer layer) {
        NDList x = new NDList(activations);
        for (int s = layer.ordinal() + 1; s < stages.size(); s++) {
            x = stages.get(s).forward(ps, x, training);
        }
        NDArray pooled = Pool.avgPool2d(x.singletonOrThrow(), new Shape(4, 4), new Shape(4, 4), new Shape(0, 0), false, true);
        return head.forward(ps, new NDList(pooled.reshape(pooled.getShape().get(0), -1)), training);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape[] shape = inputShapes;
        stemConv.initialize(manager, dataType, shape);
        shape = stemConv.getOutputShapes(shape);
        stemNorm.initialize(manager, dataType, shape);
        for (SequentialBlock stage : stages) {
            stage.initialize(manager, dataType, shape);
            shape = stage.getOutputShapes(shape);
        }
        head.initialize(manager, dataType, new Shape(shape[0].get(0), shape[0].get(1)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), numClasses)};
    }

    @Override
    public DataType[] getOutputDataTypes() {
        return new DataType[] {DataType.FLOAT32};
    }

    /** The torchsummary-like table of an initialized model for a 3x32x32 input. */
    public List<LayerSummary> describe() {
        List<LayerSummary> rows = new ArrayList<>();
        Shape shape = stemConv.getOutputShapes(new Shape[] {INPUT_SHAPE})[0];
        rows.add(LayerSummary.of("conv1", "Conv2d", shape, stemConv));
        rows.add(LayerSummary.of("norm1", "LayerNorm2d", shape, stemNorm));
        rows.add(LayerSummary.of("relu", "ReLU", shape, null));
        for (int s = 0; s < stages.size(); s++) {
            int b = 0;
            for (var child : stages.get(s).getChildren().values()) {
                BasicBlock block = (BasicBlock) child;
                block.describe("layer" + (s + 1) + "." + b++, shape, rows);
                shape = block.getOutputShapes(new Shape[] {shape})[0];
            }
        }
        rows.add(LayerSummary.of("avgpool", "AvgPool2d", new Shape(1, shape.get(1), 1, 1), null));
        rows.add(LayerSummary.of("flatten", "Flatten", new Shape(1, shape.get(1)), null));
        rows.add(LayerSummary.of("fc", "Linear", new Shape(1, numClasses), head));
        return rows;
    }
}
