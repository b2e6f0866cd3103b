package io.salience.data.augment;

import static io.salience.data.ImageSplit.IMAGE_BYTES;
import static io.salience.data.ImageSplit.SIDE;

import io.salience.data.Normalization;
import java.util.SplittableRandom;

/**
 * The training-time transform: random crop, rotation and cutout as configured, then
 * normalization. The random draws happen up front in a fixed order, so a sample's augmentation
 * depends only on the random it is given.
 */
public final class TrainTransform implements ImageTransform {

    /** The random parameters of one sample; fields of disabled steps are unused. */
    record Draw(int cropDy, int cropDx, double degrees, int cutoutY, int cutoutX) {}

    private final AugmentationSettings settings;
    private final Normalization normalization;
    /** Two scratch images per thread, so a call allocates nothing. */
    private final ThreadLocal<float[][]> scratch = ThreadLocal.withInitial(() -> new float[2][IMAGE_BYTES]);

    public TrainTransform(AugmentationSettings settings, Normalization normalization) {
        this.settings = settings;
        this.normalization = normalization;
    }

    public AugmentationSettings settings() {
        return settings;
    }

    @Override
    public void apply(byte[] pixels, int offset, float[] out, int outOffset, SplittableRandom random) {
        apply(pixels, offset, out, outOffset, draw(random));
    }

    /** Draws the random parameters: crop offsets 0..8, angle in [-d, d), cutout centre 0..31. */
    Draw draw(SplittableRandom random) {
        int dy = 0;
        int dx = 0;
        double degrees = 0;
        int cy = 0;
        int cx = 0;
        if (settings.randomCrop()) {
            dy = random.nextInt(2 * PixelOps.CROP_PADDING + 1);
            dx = random.nextInt(2 * PixelOps.CROP_PADDING + 1);
        }
        if (settings.rotateDegrees() > 0) {
            degrees = random.nextDouble(-settings.rotateDegrees(), settings.rotateDegrees());
        }
        if (settings.cutoutSize() > 0) {
            cy = random.nextInt(SIDE);
            cx = random.nextInt(SIDE);
        }
        return new Draw(dy, dx, degrees, cy, cx);
    }

    /** Applies the steps with given parameters. */
    void apply(byte[] pixels, int offset, float[] out, int outOffset, Draw draw) {
        float[][] buffers = scratch.get();
        float[] image = buffers[0];
        float[] spare = buffers[1];
        PixelOps.toFloats(pixels, offset, image, 0);
        if (settings.randomCrop()) {
            PixelOps.crop(image, spare, draw.cropDy(), draw.cropDx());
            float[] swap = image;
            image = spare;
            spare = swap;
        }
        if (settings.rotateDegrees() > 0) {
            PixelOps.rotate(image, spare, draw.degrees());
            image = spare;
        }
        if (settings.cutoutSize() > 0) {
            PixelOps.cutout(image, draw.cutoutY(), draw.cutoutX(), settings.cutoutSize(), normalization);
        }
        PixelOps.normalize(image, 0, out, outOffset, normalization);
    }
}
