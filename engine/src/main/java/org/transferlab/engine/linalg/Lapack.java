package org.transferlab.engine.linalg;

import dev.ludovic.netlib.lapack.LAPACK;
import dev.ludovic.netlib.lapack.NativeLAPACK;
import org.netlib.util.intW;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cholesky factorisation and solve through the system's LAPACK ({@code dev.ludovic.netlib}, native
 * OpenBLAS via {@code -Ddev.ludovic.netlib.lapack.nativeLibPath=.../liblapack.so.3}). Only the native
 * path is used: without it callers keep EJML, which is faster than netlib's pure-Java LAPACK.
 * A symmetric row-major matrix is its own column-major transpose, so nothing is copied or transposed.
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
     * Solves A x = b for a symmetric positive definite n x n {@code a} (row-major, overwritten by its
     * Cholesky factor) and {@code b} (overwritten by x), with LAPACK dpotrf and dpotrs.
     *
     * @return false when A is not positive definite (then b is untouched)
     * @throws IllegalStateException when no native LAPACK is loaded
     */
    public static boolean choleskySolve(double[] a, int n, double[] b) {
        if (!isNative()) {
            throw new IllegalStateException("no native LAPACK");
        }
        if (a.length != (long) n * n || b.length != n) {
            throw new IllegalArgumentException("choleskySolve: " + a.length + " values for " + n + "x" + n
                    + ", right-hand side " + b.length);
        }
        if (n == 0) {
            return true;
        }
        intW info = new intW(0);
        INSTANCE.dpotrf("L", n, a, n, info);
        if (info.val != 0) {
            return false;
        }
        INSTANCE.dpotrs("L", n, 1, a, n, b, n, info);
        return info.val == 0;
    }
}
