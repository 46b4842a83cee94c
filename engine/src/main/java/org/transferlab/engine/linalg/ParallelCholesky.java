package org.transferlab.engine.linalg;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.lapack.LAPACK;
import org.netlib.util.intW;

/**
 * Blocked right-looking Cholesky factorisation A = L L^T whose level-3 work is split over the cores.
 *
 * OpenBLAS runs single-threaded here (notes/STACK.md), so LAPACK's dpotrf would factor on one core.
 * This loop does what dpotrf does internally, by blocks of {@value #BLOCK} columns, and splits the
 * two steps that carry nearly all the flops over rows ({@link ParallelRows}): the panel solve
 * (dtrsm) and the update of the trailing lower triangle (dsyrk on its diagonal blocks, dgemm below,
 * in blocks of equal area). The diagonal blocks are factored by LAPACK's dpotrf.
 *
 * Column-major throughout: L is left in the lower triangle of the column-major view, exactly where
 * dpotrf("L") leaves it, so dpotrs("L") solves with it.
 */
final class ParallelCholesky {
    /** Columns per block: large enough that the updates run at full BLAS speed, small enough for several steps. */
    static final int BLOCK = 256;

    private ParallelCholesky() {
    }

    /**
     * Factors the n x n symmetric positive definite matrix in {@code a} (column-major, leading dimension
     * n; only its lower triangle is read) in place.
     *
     * @return 0 on success, else the 1-based order of the first leading minor that is not positive
     *         definite (dpotrf's INFO)
     */
    static int factor(BLAS blas, LAPACK lapack, double[] a, int n) {
        intW info = new intW(0);
        for (int j = 0; j < n; j += BLOCK) {
            int jb = Math.min(BLOCK, n - j);
            lapack.dpotrf("L", jb, a, j + j * n, n, info);
            if (info.val != 0) {
                return info.val + j;
            }
            int below = j + jb;
            int rest = n - below;
            if (rest == 0) {
                break;
            }
            int diagonal = j + j * n;
            int panel = below + j * n; // rows below .. n-1 of columns j .. j+jb-1
            // panel <- panel L_jj^-T, row by row independent
            ParallelRows.forEachBlock(rest, jb * jb, (r0, r1) ->
                    blas.dtrsm("R", "L", "T", "N", r1 - r0, jb, 1.0, a, diagonal, n, a, panel + r0, n));
            // trailing lower triangle -= panel panel^T: rows r0..r1 against columns 0..r0 (dgemm) and
            // their own diagonal block (dsyrk)
            int trailing = below + below * n;
            ParallelRows.forEachTriangleBlock(rest, (r0, r1) -> {
                if (r0 > 0) {
                    blas.dgemm("N", "T", r1 - r0, r0, jb, -1.0, a, panel + r0, n, a, panel, n, 1.0,
                            a, trailing + r0, n);
                }
                blas.dsyrk("L", "N", r1 - r0, jb, -1.0, a, panel + r0, n, 1.0, a, trailing + r0 + r0 * n, n);
            });
        }
        return 0;
    }
}
