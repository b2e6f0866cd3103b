package io.salience.data.augment;

import java.util.SplittableRandom;

/**
 * Turns one stored image into model input. Implementations are thread-safe: the batch workers
 * share one instance.
 */
public interface ImageTransform {

    /**
     * Reads the uint8 planar 3x32x32 image at {@code pixels[offset ..]} and writes 3072 normalized
     * floats (planar CHW) to {@code out[outOffset ..]}.
     *
     * @param random the randomness of this one sample, so results do not depend on which thread
     *     runs it; transforms without randomness ignore it (it may be {@code null})
     */
    void apply(byte[] pixels, int offset, float[] out, int outOffset, SplittableRandom random);
}
