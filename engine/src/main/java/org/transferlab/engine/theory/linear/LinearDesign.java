package org.transferlab.engine.theory.linear;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.transferlab.engine.linalg.Vectors;
import org.transferlab.engine.run.EngineException;
import org.transferlab.protocol.FailureCode;

/**
 * A data set (X, y) seen by a linear network f(x) = beta.x/sqrt(D): the input covariance
 * Sigma_hat = X^T X/D, the label projection b = X^T y/sqrt(D) and the eigensystem of Sigma_hat. Every
 * linear-theory quantity on actual data is a function of these: the min-norm interpolant
 * beta = sqrt(D) X^+ y solves Sigma_hat beta = b inside the row space, the ridge solution is
 * (Sigma_hat + rho I)^{-1} b, and the ODE of THEORY 2.6.1 only needs Sigma_hat and b (O(D^2) per step).
 * Building it costs O(P D^2 + D^3) once.
 */
public final class LinearDesign {
    /**
     * Eigenvalues of Sigma_hat below this multiple of the largest (times max(P, D)) are round-off of exact
     * zeros (directions outside the row space of X), in the spirit of numpy's pinv cutoff.
     */
    private static final double SPAN_CUTOFF = 1e-13;

    private final int samples;
    private final int inputDim;
    private final double[] sigmaHat;
    private final double[] labelProjection;
    private final double[] eigenvalues;
    private final double[][] eigenvectors;
    private final double[] projectedLabels;
    private final double spanThreshold;

    private LinearDesign(int samples, int inputDim, double[] sigmaHat, double[] labelProjection,
                         double[] eigenvalues, double[][] eigenvectors) {
        this.samples = samples;
        this.inputDim = inputDim;
        this.sigmaHat = sigmaHat;
        this.labelProjection = labelProjection;
        this.eigenvalues = eigenvalues;
        this.eigenvectors = eigenvectors;
        this.projectedLabels = new double[eigenvalues.length];
        for (int k = 0; k < eigenvalues.length; k++) {
            projectedLabels[k] = Vectors.dot(eigenvectors[k], labelProjection);
        }
        double largest = 0;
        for (double s : eigenvalues) {
            largest = Math.max(largest, s);
        }
        this.spanThreshold = largest * Math.max(samples, inputDim) * SPAN_CUTOFF;
    }

    /**
     * @param x inputs, one row per sample (P x D)
     * @param y labels (length P)
     */
    public static LinearDesign of(DMatrixRMaj x, double[] y) {
        int p = x.numRows;
        int d = x.numCols;
        if (p <= 0 || d <= 0) {
            throw new IllegalArgumentException("X must have at least one row and one column, got " + p + " x " + d);
        }
        if (y.length != p) {
            throw new IllegalArgumentException("y must have one label per row of X: " + y.length + " labels for " + p + " rows");
        }
        DMatrixRMaj sigma = new DMatrixRMaj(d, d);
        CommonOps_DDRM.multTransA(x, x, sigma);
        CommonOps_DDRM.scale(1.0 / d, sigma);
        double[] b = new double[d];
        double invSqrtD = 1 / Math.sqrt(d);
        for (int mu = 0; mu < p; mu++) {
            double label = y[mu];
            for (int i = 0; i < d; i++) {
                b[i] += x.unsafe_get(mu, i) * label * invSqrtD;
            }
        }
        checkFinite(sigma.data, "X");
        checkFinite(b, "y");
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, true, true);
        if (!eig.decompose(sigma.copy())) {
            throw new EngineException(FailureCode.ILL_CONDITIONED, "eigendecomposition of X^T X/D failed (D = " + d + ")");
        }
        double[] values = new double[d];
        double[][] vectors = new double[d][];
        for (int k = 0; k < d; k++) {
            values[k] = Math.max(0, eig.getEigenvalue(k).real);
            vectors[k] = eig.getEigenVector(k).data.clone();
        }
        return new LinearDesign(p, d, sigma.data, b, values, vectors);
    }

    private static void checkFinite(double[] values, String what) {
        for (double v : values) {
            if (!Double.isFinite(v)) {
                throw new EngineException(FailureCode.NAN_DETECTED, what + " contains a non-finite value");
            }
        }
    }

    public int samples() {
        return samples;
    }

    public int inputDim() {
        return inputDim;
    }

    /** b = X^T y/sqrt(D) (a copy). */
    public double[] labelProjection() {
        return labelProjection.clone();
    }

    /** Sigma_hat = X^T X/D (a copy). */
    public DMatrixRMaj sigmaHat() {
        return DMatrixRMaj.wrap(inputDim, inputDim, sigmaHat.clone());
    }

    /** Row-major Sigma_hat shared with the ODE, which only reads it. */
    double[] sigmaHatData() {
        return sigmaHat;
    }

    double[] labelProjectionData() {
        return labelProjection;
    }

    /** lambda_max(Sigma_hat), the stiffness scale of gradient flow on this data. */
    public double largestEigenvalue() {
        double largest = 0;
        for (double s : eigenvalues) {
            largest = Math.max(largest, s);
        }
        return largest;
    }

    /** Number of eigen-directions of Sigma_hat treated as inside the data span. */
    public int rank() {
        int r = 0;
        for (double s : eigenvalues) {
            if (s > spanThreshold) {
                r++;
            }
        }
        return r;
    }

    /** beta_f = sqrt(D) X^+ y, where gradient flow from random init converges (THEORY 2.6.2, 4.C). */
    public double[] minNormInterpolant() {
        double[] beta = new double[inputDim];
        for (int k = 0; k < eigenvalues.length; k++) {
            if (eigenvalues[k] > spanThreshold) {
                accumulate(beta, eigenvectors[k], projectedLabels[k] / eigenvalues[k]);
            }
        }
        return beta;
    }

    /** beta(rho) = (Sigma_hat + rho I)^{-1} b for rho > 0. */
    public double[] ridgeSolution(double rho) {
        if (!(rho > 0)) {
            throw new IllegalArgumentException("ridge rho must be > 0, got " + rho);
        }
        double[] beta = new double[inputDim];
        for (int k = 0; k < eigenvalues.length; k++) {
            accumulate(beta, eigenvectors[k], projectedLabels[k] / (eigenvalues[k] + rho));
        }
        return beta;
    }

    /** |beta(rho)|^2 in O(D) from the eigensystem. */
    double ridgeNormSquared(double rho) {
        double s = 0;
        for (int k = 0; k < eigenvalues.length; k++) {
            double c = projectedLabels[k] / (eigenvalues[k] + rho);
            s += c * c;
        }
        return s;
    }

    private static void accumulate(double[] into, double[] vector, double weight) {
        for (int i = 0; i < into.length; i++) {
            into[i] += weight * vector[i];
        }
    }
}
