package org.transferlab.engine.linalg;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/** Minimum-norm least squares through EJML's SVD pseudo-inverse. */
public final class LeastSquares {
    private LeastSquares() {
    }

    /**
     * The minimum-norm minimiser of |A b - y|: A^+ y. Works for under- and over-determined A
     * (the SVD handles rank deficiency, which Cholesky on normal equations would not).
     */
    public static double[] minNorm(Matrix a, double[] y) {
        if (y.length != a.rows()) {
            throw new IllegalArgumentException("rhs length " + y.length + " != rows " + a.rows());
        }
        LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.pseudoInverse(true);
        DMatrixRMaj am = a.copy().asEjml();
        if (!solver.setA(am)) {
            throw new IllegalStateException("SVD failed on a " + a.rows() + "x" + a.cols() + " matrix");
        }
        DMatrixRMaj x = new DMatrixRMaj(a.cols(), 1);
        solver.solve(new DMatrixRMaj(y.length, 1, true, y), x);
        return x.data.clone();
    }
}
