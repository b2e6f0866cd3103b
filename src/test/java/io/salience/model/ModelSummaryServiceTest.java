package io.salience.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import io.salience.TestEngine;
import org.junit.jupiter.api.Test;

/** Other class counts are derived from the 10-class table: the derivation must equal a built model's. */
class ModelSummaryServiceTest {

    @Test
    void aDerivedSummaryEqualsTheBuiltModelsForAnyClassCount() {
        try (NDManager manager = TestEngine.runtime().newManager()) {
            ModelSummary ten = ModelSummaryService.build(manager, 10);
            assertThat(ten.totalParameters()).isEqualTo(11_173_962);
            for (int classes : new int[] {2, 3, 100}) {
                assertThat(ModelSummaryService.withHead(ten, classes)).as(classes + " classes")
                        .isEqualTo(ModelSummaryService.build(manager, classes));
            }
        }
    }
}
