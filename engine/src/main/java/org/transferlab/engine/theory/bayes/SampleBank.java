package org.transferlab.engine.theory.bayes;

import java.util.SplittableRandom;
import org.transferlab.engine.linalg.Matrix;
import org.transferlab.engine.theory.dmft.KernelSquareRoot;

/**
 * S joint Gaussian samples h ~ N(0, K) on n points, generated in chunks from recorded seeds so that
 * any chunk can be replayed bit for bit. The fixed point only needs phi on the training points;
 * the other points (test, or the target set of a transfer) are regenerated when needed instead of
 * being held for all S samples.
 */
final class SampleBank {
    static final int CHUNK = 2048;

    private final int samples;
    private final Matrix root;
    private final long[] seeds;

    /** @param kernel n x n covariance (clipped to PSD) */
    SampleBank(Matrix kernel, int samples, long seed) {
        this.samples = samples;
        this.root = KernelSquareRoot.of(kernel, 0.0);
        int chunks = (samples + CHUNK - 1) / CHUNK;
        this.seeds = new long[chunks];
        SplittableRandom rng = new SplittableRandom(seed);
        for (int c = 0; c < chunks; c++) {
            seeds[c] = rng.nextLong();
        }
    }

    int samples() {
        return samples;
    }

    int chunks() {
        return seeds.length;
    }

    /** Rows of chunk c. */
    int rows(int c) {
        return Math.min(CHUNK, samples - c * CHUNK);
    }

    /** The samples of chunk c, rows(c) x n (root is symmetric, so Xi root has rows ~ N(0, K)). */
    Matrix chunk(int c) {
        return Matrix.gaussian(rows(c), root.rows(), new SplittableRandom(seeds[c])).times(root);
    }
}
