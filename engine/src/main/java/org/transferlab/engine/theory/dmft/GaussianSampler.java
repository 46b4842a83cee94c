package org.transferlab.engine.theory.dmft;

import java.util.SplittableRandom;

/**
 * Standard normal draws by Box-Muller on a seeded {@link SplittableRandom}: deterministic for a
 * seed, and cheap enough to fill particle matrices of tens of millions of entries.
 */
public final class GaussianSampler {
    private final SplittableRandom random;

    public GaussianSampler(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** Fills {@code out[from, from + n)} with independent N(0, 1) draws. */
    public void fill(double[] out, int from, int n) {
        int end = from + n;
        int i = from;
        while (i < end) {
            double u1 = 1.0 - random.nextDouble();   // in (0, 1], so the log is finite
            double u2 = random.nextDouble();
            double r = Math.sqrt(-2.0 * Math.log(u1));
            double angle = 2.0 * Math.PI * u2;
            out[i++] = r * Math.cos(angle);
            if (i < end) {
                out[i++] = r * Math.sin(angle);
            }
        }
    }

    /** An independent seed for a sub-stream (chunks that must be replayed identically). */
    public long nextSeed() {
        return random.nextLong();
    }
}
