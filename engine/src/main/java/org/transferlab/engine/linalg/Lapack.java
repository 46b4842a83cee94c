package org.transferlab.engine.linalg;

import dev.ludovic.netlib.lapack.LAPACK;
import dev.ludovic.netlib.lapack.NativeLAPACK;
import java.util.Arrays;
import org.netlib.util.intW;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cholesky factorisation and solve through the system's LAPACK ({@code dev.ludovic.netlib}, native
 * OpenBLAS via {@code -Ddev.ludovic.netlib.lapack.nativeLibPath=.../liblapack.so.3}). Only the native
 * path is used: without it callers keep EJML, which is faster than netlib's pure-Java LAPACK.
 * A symmetric row-major matrix is its own column-major transpose, so nothing is transposed.
 */
public final class Lapack {
    private static final Logger LOG = LoggerFactory.getLogger(Lapack.class);
    private static final LAPACK INSTANCE = load();

    private Lapack() {
    }

    private static LAPACK load() {
        LAPACK l;
        try {
            l = LAPACK.getInstance();
        } catch (Throwable e) { // no usable implementation at all: EJML is used
            l = null;
        }
        LOG.info("LAPACK implementation: {}", l == null ? "none" : l.getClass().getName()
                + (l instanceof NativeLAPACK ? " (native)" : " (pure Java: decompositions stay in EJML)"));
        return l;
    }

    /** Whether a native LAPACK is loaded (then {@link #choleskySolve} is available). */
    public static boolean isNative() {
        return INSTANCE instanceof NativeLAPACK;
    }

    /** Class name of the LAPACK implementation in use, or "none". */
    public static String implementation() {
        return INSTANCE == null ? "none" : INSTANCE.getClass().getName();
    }

    /**
     * Solves (A + shift I) x = b for a symmetric n x n {@code a} with A + shift I positive definite,
     * overwriting {@code b} by x: factored by blocks over all cores ({@link ParallelCholesky}, LAPACK
     * dpotrf on the diagonal blocks), solved with dpotrs. A is not modified.
     *
     * @return false when A + shift I is not positive definite (then b is untouched)
     * @throws IllegalStateException when no native LAPACK is loaded
     */
    public static boolean choleskySolve(Matrix a, double shift, double[] b) {
        if (!isNative()) {
            throw new IllegalStateException("no native LAPACK");
        }
        int n = a.rows();
        if (a.cols() != n || b.length != n) {
            throw new IllegalArgumentException("choleskySolve: " + a.rows() + "x" + a.cols() + ", right-hand side "
                    + b.length);
        }
        if (n == 0) {
            return true;
        }
        // One spare column: netlib checks every sub-matrix as if its last column ran a full leading
        // dimension, which the trailing blocks of the last column do not.
        double[] work = Arrays.copyOf(a.data(), n * n + n);
        for (int i = 0; i < n; i++) {
            work[i * n + i] += shift;
        }
        if (ParallelCholesky.factor(Blas.instance(), INSTANCE, work, n) != 0) {
            return false;
        }
        intW info = new intW(0);
        INSTANCE.dpotrs("L", n, 1, work, n, b, n, info);
        return info.val == 0;
    }
}
