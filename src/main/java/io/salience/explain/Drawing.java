package io.salience.explain;

import io.salience.errors.InvalidInputException;
import io.salience.errors.InvalidInputException.FieldProblem;
import java.util.ArrayList;
import java.util.List;

/**
 * The parameters of how a picture is drawn (a heatmap's blend weight, the enlargement, a grid's
 * image count), checked so that their problems join the query's in one 400 instead of hiding them.
 */
public final class Drawing {

    public static final int MAX_SCALE = 16;
    /**
     * The most pixels one picture may hold (128 MB decoded): a 100-image comparison grid of every
     * method at scale 16 would hold 288 million, more than the result cache keeps, so it would be
     * computed, dropped and computed again while its client polls.
     */
    public static final long MAX_PIXELS = 32_000_000L;

    private Drawing() {}

    /** What is wrong with the given parameters; null ones do not apply to the picture. */
    public static List<FieldProblem> problems(Double alpha, Integer scale, Integer limit) {
        List<FieldProblem> problems = new ArrayList<>();
        if (alpha != null && !(alpha >= 0 && alpha <= 1)) {
            problems.add(new FieldProblem("alpha", "must be between 0 and 1, not " + alpha));
        }
        if (scale != null && (scale < 1 || scale > MAX_SCALE)) {
            problems.add(new FieldProblem("scale", "must be within 1.." + MAX_SCALE + ", not " + scale));
        }
        if (limit != null && (limit < 1 || limit > MistakeGallery.MAX_GRID)) {
            problems.add(new FieldProblem("limit", "must be between 1 and " + MistakeGallery.MAX_GRID + ", not " + limit));
        }
        return problems;
    }

    /**
     * The problems of {@link #problems} plus the picture's size: {@code images} rows or tiles of
     * {@code picturesPerImage} pictures of 32 x {@code scale} pixels a side.
     */
    public static List<FieldProblem> problems(Double alpha, int scale, int images, int picturesPerImage) {
        List<FieldProblem> problems = problems(alpha, scale, images);
        long side = 32L * scale;
        long pixels = (long) images * picturesPerImage * side * side;
        if (problems.isEmpty() && pixels > MAX_PIXELS) {
            problems.add(new FieldProblem("scale", String.format(java.util.Locale.ROOT,
                    "the picture would hold %.0f million pixels (%d images x %d pictures x %d x %d); at most %d million:"
                            + " lower limit or scale", pixels / 1e6, images, picturesPerImage, side, side,
                    MAX_PIXELS / 1_000_000)));
        }
        return problems;
    }

    /** Refuses the parameters with one 400 naming each bad one. */
    public static void check(Double alpha, Integer scale, Integer limit) {
        List<FieldProblem> problems = problems(alpha, scale, limit);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
    }
}
