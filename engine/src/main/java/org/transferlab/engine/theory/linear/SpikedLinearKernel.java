package org.transferlab.engine.theory.linear;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.transferlab.engine.linalg.Vectors;

/**
 * A linear feature kernel Phi(x, x') = isotropicWeight x.x'/D + spike (u.x)(u.x')/D with unit u: the
 * gradient-flow source kernel (1, chi, u) of THEORY 2.6.2, the weight-decay kernel (0, gamma|beta_f|, u)
 * of 2.6.6, or the lazy jointly-rich NTK x^T(M1 + I)x'/D = (2, chi, u) of 2.6.5. Builds Gram blocks for
 * generic kernel regression.
 *
 * @param direction unit vector u (length D); any unit vector when the spike is zero
 */
public record SpikedLinearKernel(double isotropicWeight, double spike, double[] direction) {

    public SpikedLinearKernel {
        if (!Double.isFinite(isotropicWeight) || !Double.isFinite(spike)) {
            throw new IllegalArgumentException("kernel weights must be finite, got " + isotropicWeight + ", " + spike);
        }
        if (isotropicWeight < 0 || isotropicWeight + spike < 0) {
            throw new IllegalArgumentException("kernel must be positive semi-definite: need isotropicWeight >= 0 and "
                    + "isotropicWeight + spike >= 0, got " + isotropicWeight + ", " + spike);
        }
        double norm = Vectors.norm(direction);
        if (Math.abs(norm - 1) > 1e-9) {
            throw new IllegalArgumentException("direction must be a unit vector, |u| = " + norm);
        }
        direction = direction.clone();
    }

    /** A kernel along the direction of a (not necessarily unit, possibly zero) vector. */
    static SpikedLinearKernel of(double isotropicWeight, double spike, double[] along) {
        double norm = Vectors.norm(along);
        if (norm == 0) {
            double[] any = new double[along.length];
            any[0] = 1;
            return new SpikedLinearKernel(isotropicWeight, 0, any);
        }
        return new SpikedLinearKernel(isotropicWeight, spike, Vectors.scaled(along, 1 / norm));
    }

    /** The source-adapted kernel x.x'/D + chi (u.x)(u.x')/D from the source fit beta_f1 (u = beta_f1/|beta_f1|). */
    public static SpikedLinearKernel sourceAdapted(double[] betaF, double gamma, SpikeRule rule) {
        double norm2 = Vectors.dot(betaF, betaF);
        return of(1, rule.chi(gamma, norm2), betaF);
    }

    /** The NTK seen by a jointly rich target network in its lazy limit: x^T (M1 + I) x'/D. */
    public SpikedLinearKernel lazyJointlyRichNtk() {
        return new SpikedLinearKernel(isotropicWeight + 1, spike, direction);
    }

    public int inputDim() {
        return direction.length;
    }

    /** u (a copy). */
    @Override
    public double[] direction() {
        return direction.clone();
    }

    /** alpha_eff = u.beta_t/|beta_t|, the alignment of a teacher with the spike. */
    public double alignment(double[] teacher) {
        return Vectors.dot(direction, teacher) / Vectors.norm(teacher);
    }

    /** Gram block Phi(A, B), rows of A (Pa x D) against rows of B (Pb x D): Pa x Pb. */
    public DMatrixRMaj gram(DMatrixRMaj a, DMatrixRMaj b) {
        int d = direction.length;
        if (a.numCols != d || b.numCols != d) {
            throw new IllegalArgumentException("inputs must have D = " + d + " columns, got " + a.numCols + " and " + b.numCols);
        }
        DMatrixRMaj out = new DMatrixRMaj(a.numRows, b.numRows);
        CommonOps_DDRM.multTransB(isotropicWeight / d, a, b, out);
        if (spike != 0) {
            DMatrixRMaj u = DMatrixRMaj.wrap(d, 1, direction);
            DMatrixRMaj au = new DMatrixRMaj(a.numRows, 1);
            DMatrixRMaj bu = new DMatrixRMaj(b.numRows, 1);
            CommonOps_DDRM.mult(a, u, au);
            CommonOps_DDRM.mult(b, u, bu);
            double w = spike / d;
            for (int i = 0; i < a.numRows; i++) {
                double ai = au.data[i] * w;
                for (int j = 0; j < b.numRows; j++) {
                    out.data[i * b.numRows + j] += ai * bu.data[j];
                }
            }
        }
        return out;
    }
}
