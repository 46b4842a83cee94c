package org.transferlab.engine.kernel;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;
import org.transferlab.engine.linalg.Lapack;
import org.transferlab.engine.linalg.Matrix;
import org.transferlab.engine.run.EngineException;
import org.transferlab.protocol.FailureCode;

/**
 * Kernel ridge regression from Gram matrices (THEORY 4.B): solve (K_II + ridge I) a = y by
 * Cholesky (native LAPACK when loaded, {@link Lapack}; EJML otherwise); predictions K_{test,I} a.
 *
 * Ridgeless systems are regularised by a jitter of {@value #RELATIVE_JITTER} * trace(K)/P: kernel
 * matrices of P > D linear kernels are singular, and Cholesky would otherwise fail on rounding.
 */
public final class KernelRidge {
    public static final double RELATIVE_JITTER = 1e-6;

    private KernelRidge() {
    }

    public static KernelRidgeFit fit(Matrix trainGram, double[] y, double ridge) {
        int p = trainGram.rows();
        if (trainGram.cols() != p || y.length != p) {
            throw new IllegalArgumentException("Gram " + trainGram.rows() + "x" + trainGram.cols() + " with " + y.length + " labels");
        }
        if (!(ridge >= 0)) {
            throw new EngineException(FailureCode.INVALID_SPEC, "ridge must be >= 0, got " + ridge);
        }
        if (!trainGram.allFinite()) {
            throw new EngineException(FailureCode.NAN_DETECTED, "kernel Gram matrix has non-finite entries");
        }
        double jitter = ridge == 0 ? RELATIVE_JITTER * trainGram.trace() / p : 0.0;
        double shift = ridge + jitter;
        double[] alpha = Lapack.isNative() ? lapackSolve(trainGram, shift, y) : ejmlSolve(trainGram, shift, y);
        if (alpha == null) {
            throw new EngineException(FailureCode.ILL_CONDITIONED, "Cholesky failed on the " + p + "x" + p
                    + " kernel system (ridge " + ridge + ", jitter " + jitter + "): kernel not positive definite");
        }
        for (double v : alpha) {
            if (!Double.isFinite(v)) {
                throw new EngineException(FailureCode.ILL_CONDITIONED, "kernel ridge solve produced non-finite coefficients");
            }
        }
        return new KernelRidgeFit(alpha, ridge, jitter, relativeResidual(trainGram, shift, alpha, y));
    }

    /** Native LAPACK, blocked over all cores: several times EJML's Cholesky at P in the thousands. Null if not PD. */
    private static double[] lapackSolve(Matrix gram, double shift, double[] y) {
        double[] x = y.clone();
        return Lapack.choleskySolve(gram, shift, x) ? x : null;
    }

    /** EJML's Cholesky, when no native LAPACK is loaded. Null if not PD. */
    private static double[] ejmlSolve(Matrix gram, double shift, double[] y) {
        DMatrixRMaj a = gram.copy().asEjml();
        for (int i = 0; i < a.numRows; i++) {
            a.data[i * a.numRows + i] += shift;
        }
        LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.chol(a.numRows);
        if (!solver.setA(a)) {
            return null;
        }
        DMatrixRMaj coef = new DMatrixRMaj(a.numRows, 1);
        solver.solve(new DMatrixRMaj(a.numRows, 1, true, y), coef);
        return coef.data;
    }

    /** |(K + shift I) a - y| / |y|: how well the solve itself went (not the fit quality). */
    private static double relativeResidual(Matrix k, double shift, double[] alpha, double[] y) {
        double[] r = k.times(alpha);
        double num = 0;
        double den = 0;
        for (int i = 0; i < y.length; i++) {
            double e = r[i] + shift * alpha[i] - y[i];
            num += e * e;
            den += y[i] * y[i];
        }
        return den == 0 ? Math.sqrt(num) : Math.sqrt(num / den);
    }
}
