package org.transferlab.engine.theory.linear;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Test-side reference: kernel ridge regression with a linear kernel x^T A x'/D is linear in x, with
 * teacher beta = A X^T (X A X^T/D + ridge I)^{-1} y / sqrt(D), solved directly with EJML.
 */
final class KernelInterpolation {
    private KernelInterpolation() {
    }

    static double[] teacher(DMatrixRMaj kernelMatrix, DMatrixRMaj x, double[] y, double ridge) {
        int d = x.numCols;
        DMatrixRMaj xa = new DMatrixRMaj(x.numRows, d);
        CommonOps_DDRM.mult(x, kernelMatrix, xa);
        DMatrixRMaj gram = new DMatrixRMaj(x.numRows, x.numRows);
        CommonOps_DDRM.multTransB(1.0 / d, xa, x, gram);
        for (int i = 0; i < x.numRows; i++) {
            gram.add(i, i, ridge);
        }
        DMatrixRMaj coefficients = new DMatrixRMaj(x.numRows, 1);
        if (!CommonOps_DDRM.solve(gram, DMatrixRMaj.wrap(x.numRows, 1, y.clone()), coefficients)) {
            throw new IllegalStateException("singular Gram matrix");
        }
        DMatrixRMaj beta = new DMatrixRMaj(d, 1);
        CommonOps_DDRM.multTransA(xa, coefficients, beta);
        CommonOps_DDRM.scale(1 / Math.sqrt(d), beta);
        return beta.data;
    }

    /** I + chi u u^T. */
    static DMatrixRMaj spiked(double isotropic, double chi, double[] u) {
        int d = u.length;
        DMatrixRMaj a = new DMatrixRMaj(d, d);
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                a.set(i, j, (i == j ? isotropic : 0) + chi * u[i] * u[j]);
            }
        }
        return a;
    }
}
