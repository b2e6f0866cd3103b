package io.salience.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SeedsTest {

    @Test
    void aSampleRandomDependsOnlyOnSeedEpochAndIndex() {
        assertThat(first(Seeds.sampleRandom(42, 3, 17))).containsExactly(first(Seeds.sampleRandom(42, 3, 17)));
    }

    @Test
    void everyInputChangesTheRandom() {
        long[] reference = first(Seeds.sampleRandom(42, 3, 17));

        assertThat(first(Seeds.sampleRandom(43, 3, 17))).isNotEqualTo(reference);
        assertThat(first(Seeds.sampleRandom(42, 4, 17))).isNotEqualTo(reference);
        assertThat(first(Seeds.sampleRandom(42, 3, 18))).isNotEqualTo(reference);
        // swapping epoch and index must not give the same stream either
        assertThat(first(Seeds.sampleRandom(42, 17, 3))).isNotEqualTo(reference);
    }

    @Test
    void neighbouringSamplesGetUnrelatedRandoms() {
        Set<Long> firstValues = new HashSet<>();
        for (int epoch = 0; epoch < 10; epoch++) {
            for (int index = 0; index < 1000; index++) {
                firstValues.add(Seeds.sampleRandom(0, epoch, index).nextLong());
            }
        }
        assertThat(firstValues).hasSize(10_000);
    }

    @Test
    void shuffledOrderIsAReproduciblePermutationPerEpoch() {
        int[] order = BatchLoader.shuffledOrder(100, 42, 0);

        assertThat(BatchLoader.shuffledOrder(100, 42, 0)).containsExactly(order);
        assertThat(Arrays.stream(order).sorted().toArray()).containsExactly(BatchLoader.sequentialOrder(100));
        assertThat(order).isNotEqualTo(BatchLoader.sequentialOrder(100));
        assertThat(BatchLoader.shuffledOrder(100, 42, 1)).isNotEqualTo(order);
        assertThat(BatchLoader.shuffledOrder(100, 43, 0)).isNotEqualTo(order);
    }

    @Test
    void sequentialOrderCountsUp() {
        assertThat(BatchLoader.sequentialOrder(4)).containsExactly(0, 1, 2, 3);
        assertThat(BatchLoader.sequentialOrder(0)).isEmpty();
    }

    private static long[] first(SplittableRandom random) {
        return new long[] {random.nextLong(), random.nextLong(), random.nextLong()};
    }
}
