package io.salience.data.augment;

/**
 * Which training augmentations to apply, in this order: random crop, rotation, cutout.
 *
 * @param randomCrop pad by 4 pixels with zeros and crop a random 32x32 window
 * @param rotateDegrees rotate by a uniform random angle in [-d, +d] degrees; 0 turns it off
 * @param cutoutSize side of the one square hole filled with the mean colour; 0 turns it off
 */
public record AugmentationSettings(boolean randomCrop, double rotateDegrees, int cutoutSize) {

    /** The recipe the project trains with. */
    public static final AugmentationSettings DEFAULTS = new AugmentationSettings(true, 5, 16);

    /** Only normalization, e.g. for evaluation. */
    public static final AugmentationSettings NONE = new AugmentationSettings(false, 0, 0);

    public AugmentationSettings {
        if (!(rotateDegrees >= 0 && rotateDegrees <= 180)) {
            throw new IllegalArgumentException("rotateDegrees must be within 0..180, not " + rotateDegrees);
        }
        if (cutoutSize < 0 || cutoutSize > 32) {
            throw new IllegalArgumentException("cutoutSize must be within 0..32, not " + cutoutSize);
        }
    }

    /** A short name such as {@code randomCrop+rotate5+cutout16}, or {@code none}. */
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
        return summary.length() == 0 ? "none" : summary.substring(1);
    }
}
