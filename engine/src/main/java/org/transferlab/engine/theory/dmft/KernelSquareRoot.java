package org.transferlab.engine.theory.dmft;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.transferlab.engine.linalg.Matrix;
import org.transferlab.engine.run.EngineException;
import org.transferlab.protocol.FailureCode;

/**
 * Symmetric PSD square root C = V sqrt(max(L, 0)) V^T of K + jitter I (THEORY 4.A step 1), so that
 * C Xi with Xi ~ N(0,1) (n x m) has columns distributed as N(0, K + jitter I). Negative eigenvalues
 * (rounding in a kernel that is PSD in exact arithmetic) are clipped to zero.
 */
public final class KernelSquareRoot {
    private KernelSquareRoot() {
    }

    public static Matrix of(Matrix k, double jitter) {
        int n = k.rows();
        DMatrixRMaj m = new DMatrixRMaj(n, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                m.unsafe_set(i, j, 0.5 * (k.get(i, j) + k.get(j, i)) + (i == j ? jitter : 0.0));
            }
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, true, true);
        if (!eig.decompose(m)) {
            throw new EngineException(FailureCode.ILL_CONDITIONED,
                    "symmetric eigendecomposition of the " + n + "x" + n + " input kernel failed");
        }
        double[] root = new double[n * n];
        for (int e = 0; e < n; e++) {
            double lambda = eig.getEigenvalue(e).getReal();
            if (!Double.isFinite(lambda)) {
                throw new EngineException(FailureCode.NAN_DETECTED, "input kernel has a non-finite eigenvalue");
            }
            double s = Math.sqrt(Math.max(lambda, 0.0));
            if (s == 0.0) {
                continue;
            }
            DMatrixRMaj v = eig.getEigenVector(e);
            for (int i = 0; i < n; i++) {
                double vi = s * v.get(i, 0);
                int row = i * n;
                for (int j = 0; j < n; j++) {
                    root[row + j] += vi * v.get(j, 0);
                }
            }
        }
        return Matrix.wrap(n, n, root);
    }
}
