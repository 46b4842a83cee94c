package org.transferlab.engine.theory.dmft;

import dev.ludovic.netlib.blas.BLAS;

/**
 * Row-major matrix products on plain {@code double[]} through netlib BLAS (native OpenBLAS when
 * present). Row-major C = op(A) op(B) is column-major C^T = op(B)^T op(A)^T, so every call swaps
 * the operands. Offsets and leading dimensions let the solvers work on column blocks in place,
 * which is what keeps their hot loops free of per-step allocation.
 */
public final class RowMajor {
    private static final BLAS BLAS_INSTANCE = BLAS.getInstance();

    private RowMajor() {
    }

    /** C(m x n) = alpha op(A) op(B) + beta C; op(A) is m x k, op(B) is k x n. */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
                            double[] a, int offA, int lda, double[] b, int offB, int ldb,
                            double beta, double[] c, int offC, int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        BLAS_INSTANCE.dgemm(transB ? "T" : "N", transA ? "T" : "N", n, m, k, alpha,
                b, offB, ldb, a, offA, lda, beta, c, offC, ldc);
    }

    /** y(m) = alpha A x + beta y for A (m x n, leading dimension lda). */
    public static void gemv(int m, int n, double alpha, double[] a, int offA, int lda,
                            double[] x, int offX, double beta, double[] y, int offY) {
        if (m == 0) {
            return;
        }
        BLAS_INSTANCE.dgemv("T", n, m, alpha, a, offA, lda, x, offX, 1, beta, y, offY, 1);
    }

    /** y(n) = alpha A^T x + beta y for A (m x n, leading dimension lda). */
    public static void gemvT(int m, int n, double alpha, double[] a, int offA, int lda,
                             double[] x, int offX, double beta, double[] y, int offY) {
        if (n == 0) {
            return;
        }
        BLAS_INSTANCE.dgemv("N", n, m, alpha, a, offA, lda, x, offX, 1, beta, y, offY, 1);
    }

    /** y[offY, offY + n) += alpha x[offX, offX + n). */
    public static void axpy(int n, double alpha, double[] x, int offX, double[] y, int offY) {
        BLAS_INSTANCE.daxpy(n, alpha, x, offX, 1, y, offY, 1);
    }
}
