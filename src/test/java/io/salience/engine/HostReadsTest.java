package io.salience.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.salience.TestEngine;
import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * On this CPU-only machine a strided view stands in for a GPU array: reading either makes a copy
 * that the engine files under the array's own manager.
 */
class HostReadsTest {

    private static final DjlRuntime RUNTIME = TestEngine.runtime();

    /** A 2x3 array read through its transpose: strided, so a read has to copy it. */
    private static NDArray strided(NDManager manager) {
        return manager.arange(6f).reshape(new Shape(2, 3)).transpose();
    }

    @Test
    void aPlainReadLeavesItsCopyInTheLongLivedManagerAndAHostReadDoesNot() {
        try (NDManager longLived = RUNTIME.newManager()) {
            NDArray array = strided(longLived);
            int before = longLived.getManagedArrays().size();

            assertThat(HostReads.floats(array)).containsExactly(0f, 3f, 1f, 4f, 2f, 5f);
            assertThat(HostReads.floats(array)).containsExactly(0f, 3f, 1f, 4f, 2f, 5f);
            assertThat(longLived.getManagedArrays()).hasSize(before);

            // What the reads above avoid: the engine's own read keeps a copy each time.
            assertThat(array.toFloatArray()).containsExactly(0f, 3f, 1f, 4f, 2f, 5f);
            assertThat(longLived.getManagedArrays().size()).isGreaterThan(before);
        }
    }

    @Test
    void scalarsOfAnyNumericTypeReadAsDoublesWithoutLeavingCopies() {
        try (NDManager longLived = RUNTIME.newManager()) {
            NDArray count = longLived.zeros(new Shape(), DataType.INT64).add(41).add(1);
            NDArray sum = longLived.create(2.5).mul(2);
            int before = longLived.getManagedArrays().size();

            assertThat(HostReads.scalar(count)).isEqualTo(42.0);
            assertThat(HostReads.scalar(sum)).isEqualTo(5.0);
            assertThat(longLived.getManagedArrays()).hasSize(before);
        }
    }

    @Test
    void lentArraysComeBackToTheirManagerAndTheCopiesOfTheReadAreGone() throws Exception {
        try (NDManager longLived = RUNTIME.newManager()) {
            NDArray array = strided(longLived);
            NDArray other = longLived.ones(new Shape(4));
            int before = longLived.getManagedArrays().size();
            ByteArrayOutputStream encoded = new ByteArrayOutputStream();

            HostReads.lending(List.of(array, other), () -> {
                encoded.write(array.encode());
                encoded.write(other.encode());
            });

            assertThat(encoded.size()).isGreaterThan(0);
            assertThat(array.getManager()).isSameAs(longLived);
            assertThat(other.getManager()).isSameAs(longLived);
            assertThat(longLived.getManagedArrays()).hasSize(before);
            assertThat(array.toFloatArray()).containsExactly(0f, 3f, 1f, 4f, 2f, 5f);
        }
    }
}
