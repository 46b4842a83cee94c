package org.transferlab.engine.theory.dmft;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;
import org.transferlab.engine.run.EngineException;
import org.transferlab.protocol.FailureCode;

/**
 * Solves (A + ridge I) x = b for a symmetric PSD kernel matrix A by Cholesky (THEORY 4.B); with
 * ridge 0 a jitter of 1e-6 trace(A)/n makes interpolation well posed.
 */
public final class SpdSolve {
    private static final double INTERPOLATION_JITTER = 1e-6;

    private SpdSolve() {
    }

    /** @param a n x n row-major (not modified); @return x */
    public static double[] solve(double[] a, int n, double ridge, double[] b) {
        double shift = ridge;
        if (ridge == 0.0) {
            double trace = 0;
            for (int i = 0; i < n; i++) {
                trace += a[i * n + i];
            }
            shift = INTERPOLATION_JITTER * trace / n;
        }
        DMatrixRMaj m = new DMatrixRMaj(n, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                m.unsafe_set(i, j, 0.5 * (a[i * n + j] + a[j * n + i]) + (i == j ? shift : 0.0));
            }
        }
        LinearSolverDense<DMatrixRMaj> chol = LinearSolverFactory_DDRM.chol(n);
        if (!chol.setA(m)) {
            throw new EngineException(FailureCode.ILL_CONDITIONED,
                    "Cholesky factorisation of the " + n + "x" + n + " kernel (+ " + shift + " I) failed");
        }
        DMatrixRMaj x = new DMatrixRMaj(n, 1);
        chol.solve(DMatrixRMaj.wrap(n, 1, b.clone()), x);
        double[] out = x.getData().clone();
        for (double v : out) {
            if (!Double.isFinite(v)) {
                throw new EngineException(FailureCode.ILL_CONDITIONED, "kernel solve produced a non-finite coefficient");
            }
        }
        return out;
    }
}
