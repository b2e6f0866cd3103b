package io.salience.data.augment;

import io.salience.data.Normalization;
import java.util.SplittableRandom;

/** The evaluation transform: normalization only, so a test image always gives the same input. */
public final class EvalTransform implements ImageTransform {

    private final Normalization normalization;

    public EvalTransform(Normalization normalization) {
        this.normalization = normalization;
    }

    @Override
    public void apply(byte[] pixels, int offset, float[] out, int outOffset, SplittableRandom random) {
        PixelOps.toFloats(pixels, offset, out, outOffset);
        PixelOps.normalize(out, outOffset, out, outOffset, normalization);
    }
}
