package org.transferlab.engine.theory.linear;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.transferlab.engine.linalg.Vectors;

/**
 * The infinite-width order parameters of a linear network (THEORY 2.6): M = W^T W/N (D x D),
 * m = W^T w/N, q = w.w/N. The learned teacher is beta_f = m/gamma and the feature kernel x^T M x'/D.
 */
public record LinearFlowState(DMatrixRMaj weightMoment, double[] readoutOverlap, double readoutNorm) {

    public LinearFlowState {
        int d = readoutOverlap.length;
        if (weightMoment.numRows != d || weightMoment.numCols != d) {
            throw new IllegalArgumentException("M must be D x D with D = |m| = " + d + ", got "
                    + weightMoment.numRows + " x " + weightMoment.numCols);
        }
        weightMoment = weightMoment.copy();
        readoutOverlap = readoutOverlap.clone();
    }

    /** Random initialisation (source and scratch phases): M = I, m = 0, q = 1. */
    public static LinearFlowState randomInit(int inputDim) {
        if (inputDim <= 0) {
            throw new IllegalArgumentException("inputDim must be > 0, got " + inputDim);
        }
        return new LinearFlowState(CommonOps_DDRM.identity(inputDim), new double[inputDim], 1);
    }

    /** Jointly rich target phase: source first layer kept (M = M1), readout re-initialised (m = 0, q = 1). */
    public static LinearFlowState jointlyRich(LinearFlowState source) {
        return new LinearFlowState(source.weightMoment, new double[source.inputDim()], 1);
    }

    public int inputDim() {
        return readoutOverlap.length;
    }

    @Override
    public DMatrixRMaj weightMoment() {
        return weightMoment.copy();
    }

    @Override
    public double[] readoutOverlap() {
        return readoutOverlap.clone();
    }

    /** beta_f = m/gamma. */
    public double[] betaF(double gamma) {
        return Vectors.scaled(readoutOverlap, 1 / gamma);
    }

    /** u^T M u - 1 along the unit vector u: the spike chi when M = I + chi u u^T. */
    public double spikeAlong(double[] unit) {
        int d = unit.length;
        double s = 0;
        for (int i = 0; i < d; i++) {
            double row = 0;
            for (int j = 0; j < d; j++) {
                row += weightMoment.unsafe_get(i, j) * unit[j];
            }
            s += unit[i] * row;
        }
        return s - 1;
    }

    /**
     * Distance from the Lorentz-boost form of THEORY 2.6.2: returns {|M - I - (q - 1) m m^T/|m|^2|_F,
     * |m|^2 - (q^2 - 1)}; both vanish along gradient flow from random init without weight decay.
     */
    public double[] boostDefect() {
        int d = inputDim();
        double m2 = Vectors.dot(readoutOverlap, readoutOverlap);
        double coefficient = m2 == 0 ? 0 : (readoutNorm - 1) / m2;
        double f2 = 0;
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double e = weightMoment.unsafe_get(i, j) - (i == j ? 1 : 0)
                        - coefficient * readoutOverlap[i] * readoutOverlap[j];
                f2 += e * e;
            }
        }
        return new double[] {Math.sqrt(f2), m2 - (readoutNorm * readoutNorm - 1)};
    }

    /** Gram block of the feature kernel x^T M x'/D for rows of A against rows of B. */
    public DMatrixRMaj featureKernelGram(DMatrixRMaj a, DMatrixRMaj b) {
        int d = inputDim();
        if (a.numCols != d || b.numCols != d) {
            throw new IllegalArgumentException("inputs must have D = " + d + " columns, got " + a.numCols + " and " + b.numCols);
        }
        DMatrixRMaj am = new DMatrixRMaj(a.numRows, d);
        CommonOps_DDRM.mult(a, weightMoment, am);
        DMatrixRMaj out = new DMatrixRMaj(a.numRows, b.numRows);
        CommonOps_DDRM.multTransB(1.0 / d, am, b, out);
        return out;
    }
}
