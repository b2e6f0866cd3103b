package io.salience.data;

import java.util.SplittableRandom;

/**
 * Derives the randomness of an epoch and of each sample from the run's seed alone, so results are
 * reproducible whatever the number of worker threads and however they are scheduled.
 */
public final class Seeds {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;
    private static final long SHUFFLE_SALT = 0x53485546464C4521L;

    private Seeds() {}

    /** The random of image {@code index} in {@code epoch}: independent of any other sample's. */
    public static SplittableRandom sampleRandom(long seed, int epoch, int index) {
        return new SplittableRandom(mix(mix(mix(seed) + epoch) + index));
    }

    /** The random that shuffles {@code epoch}; salted so it differs from every sample random. */
    static SplittableRandom shuffleRandom(long seed, int epoch) {
        return new SplittableRandom(mix(mix(seed ^ SHUFFLE_SALT) + epoch));
    }

    /** SplitMix64's finalizer after a gamma step: a bijection that scatters nearby inputs. */
    static long mix(long value) {
        long z = value + GOLDEN_GAMMA;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
