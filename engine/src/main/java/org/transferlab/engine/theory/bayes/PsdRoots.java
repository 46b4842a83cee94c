package org.transferlab.engine.theory.bayes;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.transferlab.engine.linalg.Matrix;
import org.transferlab.engine.run.EngineException;
import org.transferlab.protocol.FailureCode;

/**
 * The symmetric square root V sqrt(L) V^T of a PSD matrix and its pseudo-inverse V L^{-1/2} V^T from one
 * eigendecomposition. Eigenvalues below {@value #RELATIVE_CUTOFF} of the largest count as zero: a
 * linear input kernel on more points than input dimensions is singular, and its Gaussian lives on the
 * range, which the pseudo-inverse keeps.
 */
record PsdRoots(Matrix root, Matrix inverseRoot) {
    static final double RELATIVE_CUTOFF = 1e-10;

    static PsdRoots of(Matrix k) {
        int n = k.rows();
        DMatrixRMaj m = new DMatrixRMaj(n, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                m.unsafe_set(i, j, 0.5 * (k.get(i, j) + k.get(j, i)));
            }
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, true, true);
        if (!eig.decompose(m)) {
            throw new EngineException(FailureCode.ILL_CONDITIONED,
                    "symmetric eigendecomposition of a " + n + "x" + n + " covariance failed");
        }
        double largest = 0;
        for (int e = 0; e < n; e++) {
            double lambda = eig.getEigenvalue(e).getReal();
            if (!Double.isFinite(lambda)) {
                throw new EngineException(FailureCode.NAN_DETECTED, "a covariance has a non-finite eigenvalue");
            }
            largest = Math.max(largest, lambda);
        }
        double[] root = new double[n * n];
        double[] inverse = new double[n * n];
        for (int e = 0; e < n; e++) {
            double lambda = eig.getEigenvalue(e).getReal();
            if (!(lambda > RELATIVE_CUTOFF * largest)) {
                continue;
            }
            double s = Math.sqrt(lambda);
            DMatrixRMaj v = eig.getEigenVector(e);
            for (int i = 0; i < n; i++) {
                double vi = v.get(i, 0);
                for (int j = 0; j < n; j++) {
                    double vv = vi * v.get(j, 0);
                    root[i * n + j] += s * vv;
                    inverse[i * n + j] += vv / s;
                }
            }
        }
        return new PsdRoots(Matrix.wrap(n, n, root), Matrix.wrap(n, n, inverse));
    }
}
