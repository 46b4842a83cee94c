package org.transferlab.engine.linalg;

import dev.ludovic.netlib.blas.BLAS;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Matrix products for {@link Matrix} through {@code dev.ludovic.netlib} BLAS.
 *
 * BLAS is column-major; a row-major r x c buffer read column-major is its transpose (c x r, leading
 * dimension c). So C = op(A) op(B) in row-major is computed as C^T = op(B)^T op(A)^T in column-major:
 * the operands swap places and keep their own transposition flags. No data is ever copied.
 *
 * Each call is split into blocks of rows of the result run on both cores ({@link ParallelRows}):
 * netlib's Java implementations are single-threaded, and OpenBLAS is meant to run with
 * OPENBLAS_NUM_THREADS=1 here (its spinning threads slow the Java passes, notes/STACK.md). A row of
 * the result is always computed by one call over the whole inner dimension, so results are
 * reproducible on a given machine.
 *
 * netlib picks the implementation once per JVM (native OpenBLAS when it can load it, pure Java
 * otherwise, see notes/STACK.md); which one runs matters tenfold for speed, so it is logged once.
 */
public final class Blas {
    private static final Logger LOG = LoggerFactory.getLogger(Blas.class);
    private static final BLAS BLAS_INSTANCE = BLAS.getInstance();
    /**
     * Products of fewer multiply-adds run as one call on the calling thread: splitting one of about a
     * millisecond gains little over the fork, and keeps a second core busy that a second job (another
     * worker, another point of a sweep) would use fully. Measured on jobs whose products are about
     * 80 x 200 x 40 (GD simulations, N = 200, D = 40): one job at a time went from 6.3-7.7 to 11.8 jobs/s,
     * two at once on two threads from 9.3-10.5 to 16-20 jobs/s; the large products of bench (a)-(c)
     * are split as before.
     */
    static final long MIN_SPLIT_MULTIPLY_ADDS = 1L << 22;

    static {
        LOG.info("BLAS implementation: {} ({})", BLAS_INSTANCE.getClass().getName(),
                isNative() ? "native" : "pure Java");
    }

    private Blas() {
    }

    /** The BLAS in use, for the blocked algorithms of this package that call it directly. */
    static BLAS instance() {
        return BLAS_INSTANCE;
    }

    /** Class name of the BLAS implementation in use, e.g. {@code dev.ludovic.netlib.blas.JNIBLAS}. */
    public static String implementation() {
        return BLAS_INSTANCE.getClass().getName();
    }

    /** Whether products run in a native library (JNI) rather than in Java. */
    public static boolean isNative() {
        return BLAS_INSTANCE instanceof dev.ludovic.netlib.blas.NativeBLAS;
    }

    /** C = alpha op(A) op(B) + beta C, with op(X) = X or X^T. */
    public static void gemm(boolean transA, boolean transB, double alpha, Matrix a, Matrix b, double beta, Matrix c) {
        int m = transA ? a.cols() : a.rows();
        int k = transA ? a.rows() : a.cols();
        int kb = transB ? b.cols() : b.rows();
        int n = transB ? b.rows() : b.cols();
        if (k != kb || c.rows() != m || c.cols() != n) {
            throw new IllegalArgumentException("gemm shapes: op(A) " + m + "x" + k + ", op(B) " + kb + "x" + n
                    + ", C " + c.rows() + "x" + c.cols());
        }
        if (m == 0 || n == 0) {
            return;
        }
        String tb = transB ? "T" : "N";
        String ta = transA ? "T" : "N";
        int lda = Math.max(1, a.cols());
        int ldb = Math.max(1, b.cols());
        int ldc = Math.max(1, c.cols());
        if ((long) m * n * k < MIN_SPLIT_MULTIPLY_ADDS) {
            BLAS_INSTANCE.dgemm(tb, ta, n, m, k, alpha, b.data(), 0, ldb, a.data(), 0, lda, beta, c.data(), 0, ldc);
            return;
        }
        int inner = (int) Math.min(Integer.MAX_VALUE, (long) Math.min(m, n) * k);
        if (m >= n) {
            // Rows r0..r1 of C come from rows r0..r1 of op(A): rows of A (offset r0 * lda) or, when
            // transposed, columns of A (offset r0, same leading dimension).
            ParallelRows.forEachBlock(m, inner, (r0, r1) ->
                    BLAS_INSTANCE.dgemm(tb, ta, n, r1 - r0, k, alpha, b.data(), 0, ldb,
                            a.data(), transA ? r0 : r0 * lda, lda, beta, c.data(), r0 * ldc, ldc));
        } else {
            // Columns c0..c1 of C come from columns c0..c1 of op(B): columns of B (offset c0) or, when
            // transposed, rows of B (offset c0 * ldb). Splitting the longer side makes each block's call
            // pack the smaller shared operand, not the larger one once per block.
            ParallelRows.forEachBlock(n, inner, (c0, c1) ->
                    BLAS_INSTANCE.dgemm(tb, ta, c1 - c0, m, k, alpha, b.data(), transB ? c0 * ldb : c0, ldb,
                            a.data(), 0, lda, beta, c.data(), c0, ldc));
        }
    }

    /** y = alpha op(A) x + beta y. */
    public static void gemv(boolean transA, double alpha, Matrix a, double[] x, double beta, double[] y) {
        int outLen = transA ? a.cols() : a.rows();
        int inLen = transA ? a.rows() : a.cols();
        if (x.length != inLen || y.length != outLen) {
            throw new IllegalArgumentException("gemv shapes: op(A) " + outLen + "x" + inLen + ", x " + x.length + ", y " + y.length);
        }
        if (a.rows() == 0 || a.cols() == 0) {
            for (int i = 0; i < y.length; i++) {
                y[i] *= beta;
            }
            return;
        }
        // The buffer read column-major is A^T (cols x rows): op(A) = A needs "T", op(A) = A^T needs "N".
        int lda = Math.max(1, a.cols());
        if (transA) {
            // y (length cols) in blocks: a block of columns of A is a sub-matrix at offset r0.
            ParallelRows.forEachBlock(outLen, inLen, (r0, r1) ->
                    BLAS_INSTANCE.dgemv("N", r1 - r0, a.rows(), alpha, a.data(), r0, lda, x, 0, 1, beta, y, r0, 1));
        } else {
            ParallelRows.forEachBlock(outLen, inLen, (r0, r1) ->
                    BLAS_INSTANCE.dgemv("T", a.cols(), r1 - r0, alpha, a.data(), r0 * lda, lda, x, 0, 1, beta, y, r0, 1));
        }
    }
}
