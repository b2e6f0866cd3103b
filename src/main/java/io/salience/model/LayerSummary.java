package io.salience.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;

/**
 * One row of a torchsummary-like model table.
 *
 * @param name dotted path of the layer, e.g. {@code layer2.0.conv1}
 * @param type the layer's kind, e.g. {@code Conv2d}
 * @param outputShape output shape with -1 for the batch dimension
 * @param parameters number of parameters the layer owns itself
 */
public record LayerSummary(String name, String type, List<Long> outputShape, long parameters) {

    static LayerSummary of(String name, String type, Shape output, Block block) {
        List<Long> dims = new ArrayList<>();
        dims.add(-1L);
        for (int i = 1; i < output.dimension(); i++) {
            dims.add(output.get(i));
        }
        return new LayerSummary(name, type, List.copyOf(dims), block == null ? 0 : countParameters(block));
    }

    static long countParameters(Block block) {
        long total = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            total += p.getValue().getShape().size();
        }
        return total;
    }
}
