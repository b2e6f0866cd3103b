package io.salience.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import io.salience.TestEngine;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelTest {

    @Test
    void hasExactlyTheParameterCountOfCifarResNet18ForTenClasses() {
        try (NDManager manager = TestEngine.runtime().newManager()) {
            CifarResNet model = ModelFactory.create(manager, 10, 1);
            assertThat(countParameters(model)).isEqualTo(11_173_962L);
            List<LayerSummary> rows = model.describe();
            assertThat(rows.stream().mapToLong(LayerSummary::parameters).sum()).isEqualTo(11_173_962L);
        }
    }

    @Test
    void zeroInitResidualZeroesOnlyTheResidualBranchScalesAndKeepsTheOtherDraws() {
        try (NDManager manager = TestEngine.runtime().newManager()) {
            CifarResNet plain = ModelFactory.create(manager, 10, 1);
            CifarResNet zeroed = ModelFactory.create(manager, 10, 1, true);
            assertThat(countParameters(zeroed)).isEqualTo(11_173_962L);
            var a = plain.getParameters();
            var b = zeroed.getParameters();
            int zeroedScales = 0;
            for (int i = 0; i < a.size(); i++) {
                String name = b.get(i).getKey();
                float[] before = a.get(i).getValue().getArray().toFloatArray();
                float[] after = b.get(i).getValue().getArray().toFloatArray();
                if (name.contains("norm2") && name.endsWith("gamma")) {
                    zeroedScales++;
                    assertThat(after).as(name).containsOnly(0f);
                } else {
                    assertThat(after).as(name).isEqualTo(before);
                }
            }
            assertThat(zeroedScales).as("one per basic block").isEqualTo(8);

        }
    }

    @Test
    void headSizeFollowsTheNumberOfClasses() {
        try (NDManager manager = TestEngine.runtime().newManager()) {
            // Only the linear head changes: 513 parameters per class.
            assertThat(countParameters(ModelFactory.create(manager, 100, 1))).isEqualTo(11_173_962L + 90 * 513L);
        }
    }

    @Test
    void stagesProduceTheCifarResolutions() {
        try (NDManager manager = TestEngine.runtime().newManager()) {
            CifarResNet model = ModelFactory.create(manager, 10, 1);
            ParameterStore ps = new ParameterStore(manager, false);
            NDArray images = manager.randomNormal(new Shape(2, 3, 32, 32));
            assertThat(model.forwardTo(ps, images, false, FeatureLayer.LAYER1).getShape()).isEqualTo(new Shape(2, 64, 32, 32));
            assertThat(model.forwardTo(ps, images, false, FeatureLayer.LAYER2).getShape()).isEqualTo(new Shape(2, 128, 16, 16));
            assertThat(model.forwardTo(ps, images, false, FeatureLayer.LAYER3).getShape()).isEqualTo(new Shape(2, 256, 8, 8));
            NDArray layer4 = model.forwardTo(ps, images, false, FeatureLayer.LAYER4);
            assertThat(layer4.getShape()).isEqualTo(new Shape(2, 512, 4, 4));
            NDArray logits = model.forward(ps, new ai.djl.ndarray.NDList(images), false).singletonOrThrow();
            assertThat(logits.getShape()).isEqualTo(new Shape(2, 10));
            // Running on from a stage's activations gives the same scores as the whole pass.
            NDArray resumed = model.forwardFrom(ps, layer4, false, FeatureLayer.LAYER4).singletonOrThrow();
            assertThat(resumed.toFloatArray()).containsExactly(logits.toFloatArray());
        }
    }

    @Test
    void aForwardPassLeavesNoArraysInTheModelsManager() {
        try (NDManager manager = TestEngine.runtime().newManager()) {
            CifarResNet model = ModelFactory.create(manager, 10, 1);
            int before = manager.getManagedArrays().size();
            for (int i = 0; i < 3; i++) {
                try (NDManager request = manager.newSubManager()) {
                    NDArray images = request.randomNormal(new Shape(2, 3, 32, 32));
                    model.forward(new ParameterStore(request, false), new ai.djl.ndarray.NDList(images), false);
                }
            }
            assertThat(manager.getManagedArrays()).hasSize(before);
        }
    }

    @Test
    void summaryRowsCarryShapesOfEachStage() {
        try (NDManager manager = TestEngine.runtime().newManager()) {
            List<LayerSummary> rows = ModelFactory.create(manager, 10, 1).describe();
            assertThat(rows.get(0)).isEqualTo(new LayerSummary("conv1", "Conv2d", List.of(-1L, 64L, 32L, 32L), 1728));
            assertThat(rows).filteredOn(r -> r.name().equals("layer3.0.shortcut.conv"))
                    .singleElement()
                    .isEqualTo(new LayerSummary("layer3.0.shortcut.conv", "Conv2d", List.of(-1L, 256L, 8L, 8L), 128 * 256));
            assertThat(rows.get(rows.size() - 1)).isEqualTo(new LayerSummary("fc", "Linear", List.of(-1L, 10L), 5130));
            assertThat(rows).extracting(LayerSummary::type).doesNotContain("BatchNorm2d");
        }
    }

    @Test
    void sameSeedGivesSameWeightsAndPyTorchBounds() {
        try (NDManager manager = TestEngine.runtime().newManager()) {
            CifarResNet a = ModelFactory.create(manager, 10, 7);
            CifarResNet b = ModelFactory.create(manager, 10, 7);
            CifarResNet c = ModelFactory.create(manager, 10, 8);
            float[] wa = a.getParameters().get(0).getValue().getArray().toFloatArray();
            assertThat(wa).containsExactly(b.getParameters().get(0).getValue().getArray().toFloatArray());
            assertThat(wa).isNotEqualTo(c.getParameters().get(0).getValue().getArray().toFloatArray());
            double bound = 1 / Math.sqrt(3 * 3 * 3);
            for (float w : wa) {
                assertThat(Math.abs(w)).isLessThanOrEqualTo((float) bound);
            }
            for (Pair<String, Parameter> p : a.getParameters()) {
                if (p.getValue().getType() == Parameter.Type.GAMMA) {
                    assertThat(p.getValue().getArray().toFloatArray()).containsOnly(1f);
                }
            }
        }
    }

    @Test
    void rejectsFewerThanTwoClasses() {
        assertThatThrownBy(() -> new CifarResNet(1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static long countParameters(CifarResNet model) {
        return model.getParameters().stream().mapToLong(p -> p.getValue().getShape().size()).sum();
    }
}
