package io.salience.explain.faithfulness;

import java.util.Random;

/**
 * ROAD's noisy linear imputation (Rong et al., 2022): every removed pixel takes the weighted
 * mean of its eight neighbours (1/6 for the four direct ones, 1/12 for the diagonals), removed
 * neighbours included, which makes one sparse linear system per channel with the kept pixels as
 * its boundary; a little Gaussian noise is added to the solution. Unlike black pixels, the
 * result carries no trace of the removed region's shape, so a class score cannot react to the
 * mask itself. The system is symmetric positive definite whenever some pixel is kept, and is
 * solved by conjugate gradients.
 */
public final class NoisyLinearImputer {

    /** The noise's standard deviation, in normalized input units, as in ROAD. */
    public static final double NOISE = 0.01;

    private static final int[][] NEIGHBOURS = {{1, 0}, {-1, 0}, {0, 1}, {0, -1}, {1, 1}, {1, -1}, {-1, 1}, {-1, -1}};
    private static final double[] WEIGHTS = {1 / 6.0, 1 / 6.0, 1 / 6.0, 1 / 6.0, 1 / 12.0, 1 / 12.0, 1 / 12.0, 1 / 12.0};

    private NoisyLinearImputer() {}

    /**
     * @param image planar CHW floats of {@code channels} planes of {@code side x side}
     * @param removed which pixels (row-major, {@code side * side}) to impute in every channel
     * @return a copy of the image with the removed pixels imputed
     */
    public static float[] impute(float[] image, int channels, int side, boolean[] removed, Random random) {
        int area = side * side;
        int[] unknownIndex = new int[area];
        int unknowns = 0;
        for (int p = 0; p < area; p++) {
            unknownIndex[p] = removed[p] ? unknowns++ : -1;
        }
        float[] out = image.clone();
        if (unknowns == 0) {
            return out;
        }
        if (unknowns == area) {
            throw new IllegalArgumentException("at least one pixel must be kept");
        }
        int[] position = new int[unknowns];
        for (int p = 0; p < area; p++) {
            if (removed[p]) {
                position[unknownIndex[p]] = p;
            }
        }
        for (int c = 0; c < channels; c++) {
            int base = c * area;
            double[] b = new double[unknowns];
            double[] diagonal = new double[unknowns];
            for (int u = 0; u < unknowns; u++) {
                int y = position[u] / side;
                int x = position[u] % side;
                for (int n = 0; n < NEIGHBOURS.length; n++) {
                    int ny = y + NEIGHBOURS[n][1];
                    int nx = x + NEIGHBOURS[n][0];
                    if (ny >= 0 && ny < side && nx >= 0 && nx < side) {
                        diagonal[u] += WEIGHTS[n];
                        int q = ny * side + nx;
                        if (!removed[q]) {
                            b[u] += WEIGHTS[n] * image[base + q];
                        }
                    }
                }
            }
            double[] solution = conjugateGradients(b, diagonal, position, unknownIndex, side);
            for (int u = 0; u < unknowns; u++) {
                out[base + position[u]] = (float) (solution[u] + NOISE * random.nextGaussian());
            }
        }
        return out;
    }

    /** Solves A v = b, where A v = diagonal * v - sum over removed neighbours of w * v. */
    private static double[] conjugateGradients(double[] b, double[] diagonal, int[] position, int[] unknownIndex,
            int side) {
        int n = b.length;
        double[] v = new double[n];
        double[] r = b.clone();
        double[] d = r.clone();
        double rr = dot(r, r);
        double tolerance = 1e-12 * Math.max(1, dot(b, b));
        double[] ad = new double[n];
        for (int iteration = 0; iteration < 10 * n && rr > tolerance; iteration++) {
            multiply(d, ad, diagonal, position, unknownIndex, side);
            double step = rr / dot(d, ad);
            for (int i = 0; i < n; i++) {
                v[i] += step * d[i];
                r[i] -= step * ad[i];
            }
            double next = dot(r, r);
            double beta = next / rr;
            rr = next;
            for (int i = 0; i < n; i++) {
                d[i] = r[i] + beta * d[i];
            }
        }
        return v;
    }

    private static void multiply(double[] v, double[] out, double[] diagonal, int[] position, int[] unknownIndex,
            int side) {
        for (int u = 0; u < v.length; u++) {
            int y = position[u] / side;
            int x = position[u] % side;
            double sum = diagonal[u] * v[u];
            for (int n = 0; n < NEIGHBOURS.length; n++) {
                int ny = y + NEIGHBOURS[n][1];
                int nx = x + NEIGHBOURS[n][0];
                if (ny >= 0 && ny < side && nx >= 0 && nx < side) {
                    int other = unknownIndex[ny * side + nx];
                    if (other >= 0) {
                        sum -= WEIGHTS[n] * v[other];
                    }
                }
            }
            out[u] = sum;
        }
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
