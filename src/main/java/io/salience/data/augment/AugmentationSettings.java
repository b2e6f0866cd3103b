package io.salience.data.augment;

/**
 * Which training augmentations to apply, in this order: random crop, rotation, cutout, and from
 * which epoch on.
 *
 * @param randomCrop pad by 4 pixels with zeros and crop a random 32x32 window
 * @param rotateDegrees rotate by a uniform random angle in [-d, +d] degrees; 0 turns it off
 * @param cutoutSize side of the one square hole filled with the mean colour; 0 turns it off
 * @param startEpoch the first augmented epoch (1-based); earlier epochs train on the plain
 *     normalized images (README, "Recipes", has what it measured). Null (settings stored before it) = 1
 */
public record AugmentationSettings(boolean randomCrop, double rotateDegrees, int cutoutSize, Integer startEpoch) {

    /** The recipe the project trains with. */
    public static final AugmentationSettings DEFAULTS = new AugmentationSettings(true, 5, 16);

    /** Only normalization, e.g. for evaluation. */
    public static final AugmentationSettings NONE = new AugmentationSettings(false, 0, 0);

    /** Augmentation from the first epoch on. */
    public AugmentationSettings(boolean randomCrop, double rotateDegrees, int cutoutSize) {
        this(randomCrop, rotateDegrees, cutoutSize, 1);
    }

    public AugmentationSettings {
        startEpoch = startEpoch == null ? 1 : startEpoch;
        if (startEpoch < 1) {
            throw new IllegalArgumentException("startEpoch must be >= 1, not " + startEpoch);
        }
        if (!(rotateDegrees >= 0 && rotateDegrees <= 180)) {
            throw new IllegalArgumentException("rotateDegrees must be within 0..180, not " + rotateDegrees);
        }
        if (cutoutSize < 0 || cutoutSize > 32) {
            throw new IllegalArgumentException("cutoutSize must be within 0..32, not " + cutoutSize);
        }
    }

    /** Whether epoch {@code epoch} (1-based) trains on augmented images. */
    public boolean augments(int epoch) {
        return epoch >= startEpoch;
    }

    /**
     * A short name such as {@code randomCrop+rotate5+cutout16} ({@code +fromEpoch2} if it starts
     * later), or {@code none}.
     */
    public String summary() {
        StringBuilder summary = new StringBuilder();
        if (randomCrop) {
            summary.append("+randomCrop");
        }
        if (rotateDegrees > 0) {
            summary.append("+rotate").append(rotateDegrees == Math.rint(rotateDegrees)
                    ? String.valueOf((long) rotateDegrees) : String.valueOf(rotateDegrees));
        }
        if (cutoutSize > 0) {
            summary.append("+cutout").append(cutoutSize);
        }
        if (summary.length() == 0) {
            return "none";
        }
        if (startEpoch > 1) {
            summary.append("+fromEpoch").append(startEpoch);
        }
        return summary.substring(1);
    }
}
