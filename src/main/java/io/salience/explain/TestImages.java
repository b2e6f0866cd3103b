package io.salience.explain;

import io.salience.data.ImageSplit;
import io.salience.data.Images;
import io.salience.data.Normalization;
import io.salience.data.augment.EvalTransform;
import io.salience.jobs.CheckpointScope;
import java.awt.image.BufferedImage;

/** Model inputs: test images and uploads normalized like the checkpoint's training data. */
final class TestImages {

    private TestImages() {}

    /** The test images {@code ids}, normalized, {@code ids.length * 3072} floats. */
    static float[] normalized(CheckpointScope scope, int[] ids) {
        ImageSplit test = scope.dataset().test();
        EvalTransform transform = new EvalTransform(scope.dataset().normalization());
        float[] input = new float[ids.length * ImageSplit.IMAGE_BYTES];
        for (int i = 0; i < ids.length; i++) {
            test.checkIndex(ids[i]);
            transform.apply(test.pixels(), ids[i] * ImageSplit.IMAGE_BYTES, input, i * ImageSplit.IMAGE_BYTES, null);
        }
        return input;
    }

    static Integer[] trueClasses(CheckpointScope scope, int[] ids) {
        Integer[] classes = new Integer[ids.length];
        for (int i = 0; i < ids.length; i++) {
            classes[i] = scope.dataset().test().label(ids[i]);
        }
        return classes;
    }

    /** An uploaded image already converted to 32x32 RGB, normalized. */
    static float[] normalized(CheckpointScope scope, BufferedImage rgb32) {
        return normalize(Images.toPlanar32(rgb32), 0, scope.dataset().normalization());
    }

    /** A SHA-256 of a model input, naming an upload's result. */
    static String digest(float[] input) {
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(input.length * 4);
            bytes.asFloatBuffer().put(input);
            return java.util.HexFormat.of().formatHex(sha.digest(bytes.array()));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static float[] normalize(byte[] pixels, int offset, Normalization normalization) {
        float[] out = new float[ImageSplit.IMAGE_BYTES];
        new EvalTransform(normalization).apply(pixels, offset, out, 0, null);
        return out;
    }
}
