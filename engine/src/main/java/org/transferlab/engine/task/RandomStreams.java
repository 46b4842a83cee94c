package org.transferlab.engine.task;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Independent, reproducible random streams for one seed: one per purpose (teacher, each data set,
 * each network initialisation). Each stream is a function of (seed, purpose) only, so drawing more
 * from one stream (a larger test set, say) never changes another (the source data or the init).
 */
public final class RandomStreams {
    /** What a stream is for. The tags are fixed: changing one changes every result computed with it. */
    public enum Purpose {
        TEACHER(1), SOURCE_DATA(2), TARGET_DATA(3), TEST_DATA(4),
        SOURCE_INIT(5), SCRATCH_INIT(6), JOINT_INIT(7), FINETUNE_INIT(8), MONTE_CARLO(9);

        private final int tag;

        Purpose(int tag) {
            this.tag = tag;
        }
    }

    private final long seed;

    public RandomStreams(long seed) {
        this.seed = seed;
    }

    /** A fresh generator for {@code purpose}; calling twice gives two identical generators. */
    public RandomGenerator stream(Purpose purpose) {
        // SplitMix64's finaliser decorrelates nearby (seed, tag) pairs; split() then gives the stream
        // its own increment, so two streams cannot be shifted copies of one sequence.
        return new SplittableRandom(mix(seed * 0x9E3779B97F4A7C15L + purpose.tag)).split();
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
