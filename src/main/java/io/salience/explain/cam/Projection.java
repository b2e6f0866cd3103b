package io.salience.explain.cam;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * The first principal component of a stack of channel maps, as Eigen-CAM (Muhammad and Yeasin,
 * 2020) and pytorch-grad-cam's {@code get_2d_projection} compute it: the (pixels x channels)
 * matrix is centred per channel, decomposed by SVD, and projected on its first right singular
 * vector.
 *
 * <p>An SVD gives that vector up to its sign. The sign is chosen so that the projection agrees with
 * the plain channel sum (positive inner product), so a projection of Grad-CAM's weighted
 * activations points the same way as Grad-CAM itself.
 */
public final class Projection {

    private Projection() {}

    /**
     * @param maps channel maps, {@code channels * area} floats from {@code offset}
     * @return {@code area} values, not ReLU'd
     */
    public static float[] firstComponent(float[] maps, int offset, int channels, int area) {
        DMatrixRMaj x = new DMatrixRMaj(area, channels);
        for (int k = 0; k < channels; k++) {
            double mean = 0;
            for (int p = 0; p < area; p++) {
                mean += maps[offset + k * area + p];
            }
            mean /= area;
            for (int p = 0; p < area; p++) {
                x.unsafe_set(p, k, maps[offset + k * area + p] - mean);
            }
        }
        float[] projection = new float[area];
        SingularValueDecomposition_F64<DMatrixRMaj> svd =
                DecompositionFactory_DDRM.svd(area, channels, false, true, true);
        if (!svd.decompose(x.copy())) {
            throw new IllegalStateException("SVD did not converge");
        }
        double[] singular = svd.getSingularValues();
        int rank = svd.numberOfSingularValues();
        int first = 0;
        for (int i = 1; i < rank; i++) {
            first = singular[i] > singular[first] ? i : first;
        }
        if (rank == 0 || singular[first] == 0) {
            return projection;
        }
        // Rows of V^T are the right singular vectors.
        DMatrixRMaj vt = svd.getV(null, true);
        double agreement = 0;
        double[] values = new double[area];
        for (int p = 0; p < area; p++) {
            double v = 0;
            double plain = 0;
            for (int k = 0; k < channels; k++) {
                v += x.unsafe_get(p, k) * vt.unsafe_get(first, k);
                plain += maps[offset + k * area + p];
            }
            values[p] = v;
            agreement += v * plain;
        }
        double sign = agreement < 0 ? -1 : 1;
        for (int p = 0; p < area; p++) {
            projection[p] = (float) (sign * values[p]);
        }
        return projection;
    }
}
