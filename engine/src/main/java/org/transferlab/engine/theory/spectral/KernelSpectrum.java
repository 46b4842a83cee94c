package org.transferlab.engine.theory.spectral;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.transferlab.engine.run.EngineException;
import org.transferlab.protocol.FailureCode;

/**
 * A kernel's Mercer eigenvalues eta_k (with respect to the input distribution) and a target's
 * coefficients v_k in the orthonormal eigenfunctions, the input of the learning-curve theory (THEORY 2.7).
 * The target's variance is sum_k v_k^2.
 */
public record KernelSpectrum(double[] eigenvalues, double[] targetCoefficients) {
    /**
     * Gram eigenvalues below this multiple of the largest (times M) are round-off of zeros; counting them
     * as modes would make a ridgeless kernel look full-rank.
     */
    private static final double ROUND_OFF = 1e-13;

    public KernelSpectrum {
        if (eigenvalues.length != targetCoefficients.length) {
            throw new IllegalArgumentException("need one target coefficient per eigenvalue: "
                    + eigenvalues.length + " eigenvalues, " + targetCoefficients.length + " coefficients");
        }
        for (double eta : eigenvalues) {
            if (!(eta >= 0) || Double.isInfinite(eta)) {
                throw new IllegalArgumentException("kernel eigenvalues must be finite and >= 0, got " + eta);
            }
        }
        for (double v : targetCoefficients) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("target coefficients must be finite, got " + v);
            }
        }
        eigenvalues = eigenvalues.clone();
        targetCoefficients = targetCoefficients.clone();
    }

    /**
     * Empirical Mercer decomposition from a kernel Gram matrix K on M sample points of the input
     * distribution and the target's values y there: eta_k = eig_k(K)/M, v_k = (e_k.y)/sqrt(M), since the
     * eigenfunctions normalised in L2 of the empirical measure are sqrt(M) e_k. Costs one O(M^3)
     * symmetric eigendecomposition.
     */
    public static KernelSpectrum fromGram(DMatrixRMaj gram, double[] target) {
        int m = gram.numRows;
        if (m == 0 || gram.numCols != m) {
            throw new IllegalArgumentException("Gram matrix must be square and non-empty, got " + gram.numRows + " x " + gram.numCols);
        }
        if (target.length != m) {
            throw new IllegalArgumentException("target needs one value per sample point: " + target.length + " for " + m);
        }
        double scale = 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < m; j++) {
                double a = gram.unsafe_get(i, j);
                if (!Double.isFinite(a)) {
                    throw new EngineException(FailureCode.NAN_DETECTED, "Gram matrix contains a non-finite entry");
                }
                scale = Math.max(scale, Math.abs(a));
            }
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < i; j++) {
                if (Math.abs(gram.unsafe_get(i, j) - gram.unsafe_get(j, i)) > 1e-10 * scale) {
                    throw new IllegalArgumentException("Gram matrix must be symmetric: entry (" + i + "," + j + ") differs");
                }
            }
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(m, true, true);
        if (!eig.decompose(gram.copy())) {
            throw new EngineException(FailureCode.ILL_CONDITIONED, "eigendecomposition of the " + m + " x " + m + " Gram matrix failed");
        }
        double[] raw = new double[m];
        double largest = 0;
        for (int k = 0; k < m; k++) {
            raw[k] = eig.getEigenvalue(k).real;
            largest = Math.max(largest, raw[k]);
        }
        double cutoff = largest * m * ROUND_OFF;
        double[] eta = new double[m];
        double[] v = new double[m];
        double invSqrtM = 1 / Math.sqrt(m);
        for (int k = 0; k < m; k++) {
            eta[k] = raw[k] > cutoff ? raw[k] / m : 0;
            double[] e = eig.getEigenVector(k).data;
            double s = 0;
            for (int i = 0; i < m; i++) {
                s += e[i] * target[i];
            }
            v[k] = s * invSqrtM;
        }
        return new KernelSpectrum(eta, v);
    }

    @Override
    public double[] eigenvalues() {
        return eigenvalues.clone();
    }

    @Override
    public double[] targetCoefficients() {
        return targetCoefficients.clone();
    }

    /** sum_k v_k^2: the target's variance (its error when nothing is learned). */
    public double targetPower() {
        double s = 0;
        for (double v : targetCoefficients) {
            s += v * v;
        }
        return s;
    }

    int size() {
        return eigenvalues.length;
    }

    double eigenvalue(int k) {
        return eigenvalues[k];
    }

    double coefficient(int k) {
        return targetCoefficients[k];
    }
}
