package io.salience.explain.faithfulness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.salience.explain.cam.Blur;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FaithfulnessMetricsTest {

    private static final int SIDE = 32;
    private static final int AREA = SIDE * SIDE;

    @Test
    void imputationKeepsKeptPixelsAndFillsALinearRampExactly() {
        float[] ramp = new float[3 * AREA];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < SIDE; y++) {
                for (int x = 0; x < SIDE; x++) {
                    ramp[c * AREA + y * SIDE + x] = 0.1f * x - 0.05f * y + c;
                }
            }
        }
        boolean[] removed = new boolean[AREA];
        for (int y = 10; y < 22; y++) {
            for (int x = 8; x < 20; x++) {
                removed[y * SIDE + x] = true;
            }
        }
        float[] imputed = NoisyLinearImputer.impute(ramp, 3, SIDE, removed, new Random(1));
        for (int i = 0; i < ramp.length; i++) {
            if (removed[i % AREA]) {
                // A linear function is its neighbours' symmetric weighted mean: only the noise remains.
                assertThat(imputed[i]).isCloseTo(ramp[i], within((float) (5 * NoisyLinearImputer.NOISE)));
            } else {
                assertThat(imputed[i]).isEqualTo(ramp[i]);
            }
        }
    }

    @Test
    void imputationCarriesNoTraceOfABrightRemovedSquare() {
        float[] image = new float[AREA];
        for (int y = 4; y < 12; y++) {
            for (int x = 4; x < 12; x++) {
                image[y * SIDE + x] = 5f;
            }
        }
        boolean[] removed = new boolean[AREA];
        for (int y = 2; y < 14; y++) {
            for (int x = 2; x < 14; x++) {
                removed[y * SIDE + x] = true;
            }
        }
        float[] imputed = NoisyLinearImputer.impute(image, 1, SIDE, removed, new Random(2));
        for (int p = 0; p < AREA; p++) {
            assertThat(imputed[p]).isCloseTo(0f, within(0.05f));
        }
    }

    /**
     * A "model" whose only evidence is a fine checkerboard in the top-left 8x8 block: the target
     * probability is a sigmoid of the block's correlation with the pattern (which neither blur
     * nor imputation can fake). A map of that block must beat a random map on every score.
     */
    @Test
    void aMapOfTheOnlyEvidenceBeatsARandomMap() {
        Random random = new Random(3);
        float[] image = new float[3 * AREA];
        for (int i = 0; i < image.length; i++) {
            image[i] = (float) (0.3 * random.nextGaussian());
        }
        float[] map = new float[AREA];
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                map[y * SIDE + x] = 1f;
                for (int c = 0; c < 3; c++) {
                    image[c * AREA + y * SIDE + x] += 2f * checker(x, y);
                }
            }
        }
        FaithfulnessMetrics.Scorer scorer = (images, count) -> {
            double[] p = new double[count];
            for (int b = 0; b < count; b++) {
                double sum = 0;
                for (int y = 0; y < 8; y++) {
                    for (int x = 0; x < 8; x++) {
                        sum += images[b * 3 * AREA + y * SIDE + x] * checker(x, y);
                    }
                }
                p[b] = 1 / (1 + Math.exp(-(sum / 64 - 1) * 4));
            }
            return p;
        };
        float[] blurred = Blur.gaussian(image, 3, SIDE, 4);
        FaithfulnessMetrics.Scores right = FaithfulnessMetrics.evaluate(image, map, blurred, 3, SIDE, scorer, 7);
        FaithfulnessMetrics.Scores chance = FaithfulnessMetrics.evaluate(image, FaithfulnessMetrics.randomMap(AREA, 8),
                blurred, 3, SIDE, scorer, 7);

        assertThat(right.probability()).isGreaterThan(0.95);
        // The block is 6.25% of the image: from 10% on, MoRF has removed all of it, LeRF none.
        assertThat(right.morf()[0]).isGreaterThan(0.5);
        for (double drop : right.lerf()) {
            assertThat(drop).isCloseTo(0.0, within(0.02));
        }
        assertThat(right.road()).isGreaterThan(chance.road() + 0.2);
        assertThat(right.deletionAuc()).isLessThan(chance.deletionAuc() - 0.2);
        assertThat(right.insertionAuc()).isGreaterThan(chance.insertionAuc() + 0.2);
        assertThat(right.deletion()).hasSize(10);
        assertThat(right.insertion()).hasSize(11);
        assertThat(right.insertion()[10]).isCloseTo(right.probability(), within(1e-9));
    }

    private static int checker(int x, int y) {
        return (x + y) % 2 == 0 ? 1 : -1;
    }

    @Test
    void tiesAreBrokenByTheSeedNotByPosition() {
        float[] flat = new float[AREA];
        int[] a = FaithfulnessMetrics.mostRelevantFirst(flat, new Random(1));
        int[] b = FaithfulnessMetrics.mostRelevantFirst(flat, new Random(1));
        assertThat(a).containsExactly(b);
        int topLeftQuarter = 0;
        for (int i = 0; i < AREA / 4; i++) {
            topLeftQuarter += a[i] < AREA / 4 ? 1 : 0;
        }
        assertThat(topLeftQuarter).isBetween(30, 100);
        flat[500] = 1;
        assertThat(FaithfulnessMetrics.mostRelevantFirst(flat, new Random(1))[0]).isEqualTo(500);
    }

    @Test
    void areasAreMeanHeightsOfTheTrapezoids() {
        assertThat(FaithfulnessMetrics.meanHeight(new double[] {1, 1, 1})).isEqualTo(1.0);
        assertThat(FaithfulnessMetrics.meanHeight(new double[] {0, 1})).isEqualTo(0.5);
        assertThat(FaithfulnessMetrics.meanHeight(new double[] {1, 0, 0, 0, 0})).isEqualTo(0.125);
        assertThat(FaithfulnessMetrics.count(10, AREA)).isEqualTo(102);
    }
}
