package io.salience.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SymmetricEigenTest {

    @Test
    void aDiagonalMatrixGivesItsDiagonalSortedAndTheUnitVectors() {
        double[][] m = {{1, 0, 0}, {0, 3, 0}, {0, 0, 2}};
        double[][] v = new double[3][3];
        assertThat(SymmetricEigen.decompose(m, v)).containsExactly(3, 2, 1);
        assertThat(Math.abs(v[1][0])).isEqualTo(1);
        assertThat(Math.abs(v[2][1])).isEqualTo(1);
        assertThat(Math.abs(v[0][2])).isEqualTo(1);
    }

    @Test
    void aKnownTwoByTwo() {
        // [[2, 1], [1, 2]] has eigenvalues 3 and 1 with vectors (1, 1) and (1, -1) over sqrt(2).
        double[][] v = new double[2][2];
        double[] values = SymmetricEigen.decompose(new double[][] {{2, 1}, {1, 2}}, v);
        assertThat(values[0]).isCloseTo(3, within(1e-14));
        assertThat(values[1]).isCloseTo(1, within(1e-14));
        assertThat(Math.abs(v[0][0])).isCloseTo(Math.sqrt(0.5), within(1e-14));
        assertThat(v[0][0] * v[1][0]).isPositive();
        assertThat(v[0][1] * v[1][1]).isNegative();
    }

    @Test
    void aRandomCovarianceIsReconstructedFromOrthonormalVectors() {
        int n = 27;
        SplittableRandom random = new SplittableRandom(3);
        double[][] x = new double[200][n];
        for (double[] row : x) {
            for (int j = 0; j < n; j++) {
                row[j] = random.nextGaussian() * (1 + j) + (j > 0 ? row[j - 1] : 0);
            }
        }
        double[][] c = new double[n][n];
        for (double[] row : x) {
            for (int a = 0; a < n; a++) {
                for (int b = 0; b < n; b++) {
                    c[a][b] += row[a] * row[b] / x.length;
                }
            }
        }
        double[][] v = new double[n][n];
        double[] values = SymmetricEigen.decompose(c, v);
        double scale = values[0];
        for (int i = 1; i < n; i++) {
            assertThat(values[i]).isLessThanOrEqualTo(values[i - 1]);
        }
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                double dot = 0;
                double rebuilt = 0;
                for (int k = 0; k < n; k++) {
                    dot += v[k][a] * v[k][b];
                    rebuilt += v[a][k] * values[k] * v[b][k];
                }
                assertThat(dot).isCloseTo(a == b ? 1 : 0, within(1e-12));
                assertThat(rebuilt).isCloseTo(c[a][b], within(1e-12 * scale));
            }
        }
    }
}
