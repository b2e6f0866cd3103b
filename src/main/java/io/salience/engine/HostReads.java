package io.salience.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.util.List;

/**
 * Reads of arrays that live in long-lived managers (a model's weights, optimizer moments, an
 * epoch's running sums). To read an array the engine first copies it to the host when it sits on
 * a GPU, or into contiguous memory when it is a strided view, and files that copy under the
 * array's own manager: read from a long-lived manager, every such copy would stay until that
 * manager closes (on a GPU, the weights and moments of each checkpoint written, for the whole
 * run). These reads file the copies under a scratch manager that closes at once.
 */
public final class HostReads {

    private HostReads() {}

    /** A writer that reads arrays, such as the engine's own parameter serialization. */
    @FunctionalInterface
    public interface Reading {
        void run() throws IOException;
    }

    /** The values of a float array. */
    public static float[] floats(NDArray array) {
        try (NDManager scratch = array.getManager().newSubManager()) {
            return flatView(array, scratch).toFloatArray();
        }
    }

    /** The value of a one-element array of any numeric type, as a double. */
    public static double scalar(NDArray array) {
        try (NDManager scratch = array.getManager().newSubManager()) {
            return flatView(array, scratch).toType(ai.djl.ndarray.types.DataType.FLOAT64, false).toDoubleArray()[0];
        }
    }

    /**
     * Runs {@code reading} while {@code arrays} are lent to a scratch manager, so that the copies
     * it makes are closed with it; the arrays go back to their managers afterwards. Only for
     * arrays that no other thread uses meanwhile (lending changes their manager).
     */
    public static void lending(List<NDArray> arrays, Reading reading) throws IOException {
        if (arrays.isEmpty()) {
            reading.run();
            return;
        }
        try (NDManager scratch = arrays.get(0).getManager().newSubManager()) {
            for (NDArray array : arrays) {
                array.tempAttach(scratch);
            }
            reading.run();
        }
    }

    /** A flat view of {@code array} (a copy only when it is strided), owned by {@code scratch}. */
    private static NDArray flatView(NDArray array, NDManager scratch) {
        NDArray view = array.reshape(-1);
        view.attach(scratch);
        return view;
    }
}
