package io.salience.explain.cam;

import ai.djl.ndarray.NDManager;
import io.salience.data.ImageSplit;
import io.salience.engine.DjlRuntime;
import io.salience.model.CifarResNet;
import io.salience.model.FeatureLayer;
import io.salience.serving.Inference;
import io.salience.serving.LoadedModel;
import io.salience.serving.MicroBatcher;
import io.salience.training.Evaluator;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Computes the maps a {@link CamRequest} asks for, for a batch of images: resolves each image's
 * target class from one forward pass (which yields the layer4 activations too; for a single image
 * of a {@linkplain CamRequest#onePass() one-pass} request it is a pass shared with concurrent
 * requests through the {@link MicroBatcher}), runs the method per layer, averages layers (each ReLU'd,
 * min-max scaled and upsampled to the image, as pytorch-grad-cam aggregates layers) and applies
 * augmentation smoothing (the maps of flipped and shifted copies, aligned back and averaged; the
 * target class stays the one resolved on the original image). Every array lives in one manager
 * closed before returning.
 */
@Component
public class CamComputer {

    /** Horizontal shifts of the augmentation-smoothing copies, in pixels, each with and without a flip. */
    static final int[][] SHIFTS = {{0, 0}, {2, 0}, {-2, 0}, {0, 2}, {0, -2}};

    private static final int SIDE = ImageSplit.SIDE;

    private final DjlRuntime runtime;
    private final Inference inference;
    private final MicroBatcher batcher;

    public CamComputer(DjlRuntime runtime, Inference inference, MicroBatcher batcher) {
        this.runtime = runtime;
        this.inference = inference;
        this.batcher = batcher;
    }

    /**
     * @param images normalized images, {@code n * 3072} floats (planar CHW)
     * @param trueClasses the true class of each image, or null where unknown
     */
    public List<CamMap> compute(LoadedModel loaded, float[] images, int n, Integer[] trueClasses, CamRequest request) {
        CifarResNet model = loaded.model();
        int classes = model.numClasses();
        runtime.inferenceMode();
        boolean aug = request.smoothing().contains(CamRequest.Smoothing.AUG);
        Inference.Forward first = n == 1 && request.onePass() ? batcher.forward(loaded, images)
                : firstPass(loaded, images, n, request.options().batchSize());
        float[] logits = first.logits();
        try (NDManager manager = loaded.manager().newSubManager()) {
            int[] targets = new int[n];
            int[] predicted = new int[n];
            double[][] probabilities = new double[n][];
            for (int i = 0; i < n; i++) {
                double[] p = Evaluator.softmax(logits, i * classes, classes);
                int best = 0;
                for (int k = 1; k < classes; k++) {
                    best = p[k] > p[best] ? k : best;
                }
                probabilities[i] = p;
                predicted[i] = best;
                targets[i] = request.target().resolve(best, trueClasses == null ? null : trueClasses[i]);
            }
            CamMethod.Maps maps = aug
                    ? augmentationSmoothed(model, manager, images, n, targets, request)
                    : layered(new CamContext(runtime, model, manager, images, n, targets, request.options(),
                            first.layer4(), request.onePass()), request);
            List<CamMap> result = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                result.add(new CamMap(request.method().id(), request.layerName(), request.smoothingName(), targets[i],
                        predicted[i], probabilities[i], maps.width(), maps.height(), maps.values()[i]));
            }
            return result;
        }
    }

    /** Logits and layer4 activations of every image, in batches. */
    private Inference.Forward firstPass(LoadedModel loaded, float[] images, int n, int batchSize) {
        int classes = loaded.model().numClasses();
        float[] logits = new float[n * classes];
        float[] layer4 = new float[n * Inference.LAYER4_FLOATS];
        for (int from = 0; from < n; from += batchSize) {
            int count = Math.min(batchSize, n - from);
            Inference.Forward part = inference.forward(loaded, images, from, count);
            System.arraycopy(part.logits(), 0, logits, from * classes, part.logits().length);
            System.arraycopy(part.layer4(), 0, layer4, from * Inference.LAYER4_FLOATS, part.layer4().length);
        }
        return new Inference.Forward(logits, layer4);
    }

    /** The method's maps at one layer, or the mean of several layers' scaled maps at the image's size. */
    private CamMethod.Maps layered(CamContext context, CamRequest request) {
        int n = context.size();
        boolean eigen = request.smoothing().contains(CamRequest.Smoothing.EIGEN);
        CamMethod method = request.method();
        if (request.layers().isEmpty()) {
            return method.compute(context, null, eigen);
        }
        if (request.layers().size() == 1) {
            return method.compute(context, request.layers().get(0), eigen);
        }
        float[][] mean = new float[n][SIDE * SIDE];
        for (FeatureLayer layer : request.layers()) {
            CamMethod.Maps maps = method.compute(context, layer, eigen);
            for (int i = 0; i < n; i++) {
                float[] scaled = minMaxToImage(maps.values()[i], maps.width(), maps.height());
                for (int p = 0; p < scaled.length; p++) {
                    mean[i][p] += scaled[p] / request.layers().size();
                }
            }
        }
        return new CamMethod.Maps(SIDE, SIDE, mean);
    }

    private CamMethod.Maps augmentationSmoothed(CifarResNet model, NDManager manager, float[] images, int n,
            int[] targets, CamRequest request) {
        int copies = 2 * SHIFTS.length;
        float[] variants = new float[n * copies * ImageSplit.IMAGE_BYTES];
        int[] variantTargets = new int[n * copies];
        for (int i = 0; i < n; i++) {
            for (int v = 0; v < copies; v++) {
                int row = i * copies + v;
                transform(images, i * ImageSplit.IMAGE_BYTES, variants, row * ImageSplit.IMAGE_BYTES,
                        ImageSplit.CHANNELS, v >= SHIFTS.length, SHIFTS[v % SHIFTS.length]);
                variantTargets[row] = targets[i];
            }
        }
        CamMethod.Maps maps = layered(new CamContext(runtime, model, manager, variants, n * copies, variantTargets,
                request.options()), request);
        float[][] mean = new float[n][SIDE * SIDE];
        for (int i = 0; i < n; i++) {
            for (int v = 0; v < copies; v++) {
                float[] scaled = minMaxToImage(maps.values()[i * copies + v], maps.width(), maps.height());
                float[] aligned = alignBack(scaled, v >= SHIFTS.length, SHIFTS[v % SHIFTS.length]);
                for (int p = 0; p < aligned.length; p++) {
                    mean[i][p] += aligned[p] / copies;
                }
            }
        }
        return new CamMethod.Maps(SIDE, SIDE, mean);
    }

    /** pytorch-grad-cam's {@code scale_cam_image}: minus the minimum, over the maximum, resized to the image. */
    static float[] minMaxToImage(float[] map, int width, int height) {
        float min = Float.POSITIVE_INFINITY;
        for (float v : map) {
            min = Math.min(min, Math.max(0f, v));
        }
        float max = 0;
        float[] shifted = new float[map.length];
        for (int p = 0; p < map.length; p++) {
            shifted[p] = Math.max(0f, map[p]) - min;
            max = Math.max(max, shifted[p]);
        }
        for (int p = 0; p < map.length; p++) {
            shifted[p] /= max + 1e-7f;
        }
        return width == SIDE && height == SIDE ? shifted : Heatmaps.upsample(shifted, width, height, SIDE, SIDE);
    }

    /**
     * Writes {@code shift(flip(image))}: mirrored left-right when asked, then moved by (dx, dy)
     * pixels; uncovered pixels are 0 (the mean colour of normalized images, and nothing in a map).
     */
    static void transform(float[] source, int from, float[] target, int to, int planes, boolean flip, int[] shift) {
        int dx = shift[0];
        int dy = shift[1];
        for (int c = 0; c < planes; c++) {
            int base = c * SIDE * SIDE;
            for (int y = 0; y < SIDE; y++) {
                for (int x = 0; x < SIDE; x++) {
                    int sx = x - dx;
                    int sy = y - dy;
                    float value = 0;
                    if (sx >= 0 && sx < SIDE && sy >= 0 && sy < SIDE) {
                        value = source[from + base + sy * SIDE + (flip ? SIDE - 1 - sx : sx)];
                    }
                    target[to + base + y * SIDE + x] = value;
                }
            }
        }
    }

    /** The inverse of {@link #transform} for a map of the image's size: shift back, then flip back. */
    static float[] alignBack(float[] map, boolean flip, int[] shift) {
        float[] back = new float[map.length];
        int dx = -shift[0];
        int dy = -shift[1];
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                int sx = x - dx;
                int sy = y - dy;
                if (sx >= 0 && sx < SIDE && sy >= 0 && sy < SIDE) {
                    back[y * SIDE + (flip ? SIDE - 1 - x : x)] = map[sy * SIDE + sx];
                }
            }
        }
        return back;
    }
}
