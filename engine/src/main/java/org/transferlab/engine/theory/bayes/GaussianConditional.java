package org.transferlab.engine.theory.bayes;

import java.util.SplittableRandom;
import org.transferlab.engine.linalg.Blas;
import org.transferlab.engine.linalg.Matrix;
import org.transferlab.engine.theory.dmft.KernelSquareRoot;

/**
 * A zero-mean Gaussian h ~ N(0, K) over [the first p points | the other n - p points], written so that
 * the first block is h_X = xi R with xi ~ N(0, I_p) and R = K_XX^{1/2} (rows are samples), and the rest
 * is its exact conditional given h_X: h_rest = xi M^T + eta C with M = K_rX K_XX^{+1/2}, C C^T =
 * K_rr - M M^T and eta ~ N(0, I). A tilt that only looks at h_X therefore changes xi and never the
 * conditional, so the other points are drawn here when needed, chunk by chunk of the sample, from
 * recorded seeds: the same chunk always gets the same eta.
 */
final class GaussianConditional {
    private final int p;
    private final Matrix root;
    private final Matrix coupling;    // M^T, p x (n - p)
    private final Matrix restRoot;    // C, symmetric (n - p) x (n - p)
    private final long[] seeds;

    /** @param chunks how many chunks of {@link TiltedPopulation#CHUNK} rows the sample has */
    GaussianConditional(Matrix kernel, int p, int chunks, long seed) {
        int n = kernel.rows();
        int rest = n - p;
        this.p = p;
        Matrix kxx = Matrix.zeros(p, p);
        Matrix krx = Matrix.zeros(rest, p);
        Matrix krr = Matrix.zeros(rest, rest);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double v = kernel.get(i, j);
                if (i < p && j < p) {
                    kxx.set(i, j, v);
                } else if (i >= p && j < p) {
                    krx.set(i - p, j, v);
                } else if (i >= p && j >= p) {
                    krr.set(i - p, j - p, v);
                }
            }
        }
        PsdRoots roots = PsdRoots.of(kxx);
        this.root = roots.root();
        Matrix m = krx.times(roots.inverseRoot());
        this.coupling = m.transpose();
        Matrix residual = krr.copy();
        Matrix mmt = m.times(coupling);
        for (int i = 0; i < residual.data().length; i++) {
            residual.data()[i] -= mmt.data()[i];
        }
        this.restRoot = KernelSquareRoot.of(residual, 0.0);
        SplittableRandom rng = new SplittableRandom(seed);
        this.seeds = new long[chunks];
        for (int c = 0; c < chunks; c++) {
            seeds[c] = rng.nextLong();
        }
    }

    /** R = K_XX^{1/2} (symmetric, p x p). */
    Matrix root() {
        return root;
    }

    /** h on the other points for the rows xi of chunk c (rows x (n - p)), the same for every call. */
    Matrix rest(int chunk, Matrix xi) {
        Matrix h = Matrix.gaussian(xi.rows(), restRoot.rows(), new SplittableRandom(seeds[chunk])).times(restRoot);
        if (p > 0 && restRoot.rows() > 0) {
            Blas.gemm(false, false, 1.0, xi, coupling, 1.0, h);
        }
        return h;
    }
}
