package org.transferlab.engine.theory.spectral;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.transferlab.engine.linalg.Matrix;
import org.transferlab.engine.run.EngineException;
import org.transferlab.protocol.FailureCode;

/** The top of a kernel matrix's spectrum, as shares of its trace (EJML's symmetric eigensolver, values only). */
public final class TopEigenvalues {
    private TopEigenvalues() {
    }

    /**
     * The {@code count} largest eigenvalues of the symmetric PSD matrix k (fewer when k is smaller),
     * largest first, each divided by the trace of k (the sum of all eigenvalues). A zero-trace kernel has
     * no shares: an empty array.
     */
    public static double[] overTrace(Matrix k, int count) {
        int n = k.rows();
        if (n != k.cols()) {
            throw new IllegalArgumentException("a spectrum needs a square matrix, got " + n + " x " + k.cols());
        }
        double trace = k.trace();
        if (n == 0 || !(trace > 0)) {
            return new double[0];
        }
        // the upper triangle mirrored: products of pooled features are symmetric only up to rounding
        DMatrixRMaj a = new DMatrixRMaj(n, n);
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double v = 0.5 * (k.get(i, j) + k.get(j, i));
                a.unsafe_set(i, j, v);
                a.unsafe_set(j, i, v);
            }
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, false, true);
        if (!eig.decompose(a)) {
            throw new EngineException(FailureCode.ILL_CONDITIONED, "eigenvalues of the " + n + " x " + n
                    + " feature kernel did not converge");
        }
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = eig.getEigenvalue(i).real;
        }
        Arrays.sort(values);
        int m = Math.min(count, n);
        double[] top = new double[m];
        for (int i = 0; i < m; i++) {
            top[i] = values[n - 1 - i] / trace;
        }
        return top;
    }
}
