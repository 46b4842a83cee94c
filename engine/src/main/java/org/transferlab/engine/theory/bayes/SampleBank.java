package org.transferlab.engine.theory.bayes;

import org.transferlab.engine.theory.dmft.GaussianSampler;
import org.transferlab.engine.theory.dmft.KernelSquareRoot;
import org.transferlab.engine.theory.dmft.RowMajor;

/**
 * S joint Gaussian samples h ~ N(0, K) on n points, generated in chunks from recorded seeds so that
 * any chunk can be replayed bit for bit. The fixed point only needs phi on the training points;
 * the other points (test, or the target set of a transfer) are regenerated when needed instead of
 * being held for all S samples.
 */
final class SampleBank {
    static final int CHUNK = 2048;

    private final int n;
    private final int samples;
    private final double[] root;
    private final long[] seeds;
    private final double[] xi;

    /** @param kernel n x n row-major covariance (clipped to PSD) */
    SampleBank(double[] kernel, int n, int samples, long seed) {
        this.n = n;
        this.samples = samples;
        this.root = KernelSquareRoot.of(kernel, n, 0.0);
        int chunks = (samples + CHUNK - 1) / CHUNK;
        this.seeds = new long[chunks];
        GaussianSampler rng = new GaussianSampler(seed);
        for (int c = 0; c < chunks; c++) {
            seeds[c] = rng.nextSeed();
        }
        this.xi = new double[CHUNK * n];
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

    /** Writes the samples of chunk c (rows(c) x n, row-major) into out, scaled by {@code scale}. */
    void fill(int c, double scale, double[] out) {
        int rows = rows(c);
        new GaussianSampler(seeds[c]).fill(xi, 0, rows * n);
        RowMajor.gemm(false, false, rows, n, n, scale, xi, 0, n, root, 0, n, 0.0, out, 0, n);
    }
}
