package io.salience.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import io.salience.engine.HostReads;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;

/**
 * Adam with coupled L2 weight decay, exactly as {@code torch.optim.Adam(weight_decay=…)}: the
 * decay is added to the gradient before the moments are updated.
 *
 * <p>DJL's own {@code Adam} keeps its moments private, so a job could not be resumed with them.
 * This one owns them, can {@link #save} and {@link #load} them, and runs the engine's fused
 * update kernel, which also zeroes each parameter's gradient for the next batch.
 */
public final class AdamOptimizer implements AutoCloseable {

    public static final float BETA1 = 0.9f;
    public static final float BETA2 = 0.999f;
    public static final float EPSILON = 1e-8f;

    private final NDManager manager;
    private final List<Parameter> parameters;
    private final NDArray[] means;
    private final NDArray[] variances;
    private final float weightDecay;
    private long steps;

    public AdamOptimizer(NDManager parent, List<Parameter> parameters, double weightDecay) {
        this.manager = parent.newSubManager();
        this.parameters = List.copyOf(parameters);
        this.weightDecay = (float) weightDecay;
        this.means = new NDArray[parameters.size()];
        this.variances = new NDArray[parameters.size()];
        for (int i = 0; i < parameters.size(); i++) {
            NDArray weight = parameters.get(i).getArray();
            means[i] = manager.zeros(weight.getShape(), weight.getDataType(), weight.getDevice());
            variances[i] = manager.zeros(weight.getShape(), weight.getDataType(), weight.getDevice());
        }
    }

    /** The parameters it updates, in model order. */
    public List<Parameter> parameters() {
        return parameters;
    }

    /** Number of updates made so far (PyTorch's {@code step}). */
    public long steps() {
        return steps;
    }

    /** Applies one update with the gradients of the last backward pass, then zeroes them. */
    public void step(double learningRate) {
        steps++;
        double c1 = 1 - Math.pow(BETA1, steps);
        double c2 = 1 - Math.pow(BETA2, steps);
        // The kernel computes w -= a * m / (sqrt(v) + e). PyTorch computes
        // w -= lr / c1 * m / (sqrt(v) / sqrt(c2) + eps); both agree with these a and e.
        float stepSize = (float) (learningRate * Math.sqrt(c2) / c1);
        float epsilon = (float) (EPSILON * Math.sqrt(c2));
        for (int i = 0; i < parameters.size(); i++) {
            NDArray weight = parameters.get(i).getArray();
            try (NDArray gradient = weight.getGradient()) {
                weight.getNDArrayInternal().adamUpdate(
                        new NDList(weight, gradient, means[i], variances[i]), new NDList(weight),
                        (float) learningRate, stepSize, weightDecay, 1f, -1f, BETA1, BETA2, epsilon, false, false);
            }
        }
    }

    /** Writes the step count and both moments of every parameter. */
    public void save(DataOutputStream out) throws IOException {
        out.writeLong(steps);
        out.writeInt(parameters.size());
        for (int i = 0; i < parameters.size(); i++) {
            writeArray(out, means[i]);
            writeArray(out, variances[i]);
        }
    }

    /** Restores what {@link #save} wrote, for the same model. */
    public void load(DataInputStream in) throws IOException {
        long savedSteps = in.readLong();
        int count = in.readInt();
        if (count != parameters.size()) {
            throw new IOException("optimizer state has " + count + " parameters, the model " + parameters.size());
        }
        for (int i = 0; i < count; i++) {
            readArrayInto(in, means[i]);
            readArrayInto(in, variances[i]);
        }
        steps = savedSteps;
    }

    private static void writeArray(DataOutputStream out, NDArray array) throws IOException {
        float[] values = HostReads.floats(array);
        out.writeInt(values.length);
        for (float v : values) {
            out.writeFloat(v);
        }
    }

    private static void readArrayInto(DataInputStream in, NDArray target) throws IOException {
        int length = in.readInt();
        if (length != target.size()) {
            throw new IOException("optimizer state holds " + length + " values where the model has " + target.size());
        }
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
            values[i] = in.readFloat();
        }
        target.set(values);
    }

    @Override
    public void close() {
        manager.close();
    }
}
