package org.transferlab.engine.kernel;

import org.transferlab.engine.linalg.Matrix;
import org.transferlab.engine.linalg.Vectors;

/**
 * A solved kernel ridge system.
 *
 * @param coefficients     a = (K_II + (ridge + jitter) I)^{-1} y
 * @param jitter           the diagonal added for a ridgeless solve (0 when ridge > 0)
 * @param relativeResidual |(K + shift I) a - y| / |y| of the solve
 */
public record KernelRidgeFit(double[] coefficients, double ridge, double jitter, double relativeResidual) {
    /** Predictions K(x, X_train) a for the rows of a (test x train) Gram block. */
    public double[] predict(Matrix testTrainGram) {
        if (testTrainGram.cols() != coefficients.length) {
            throw new IllegalArgumentException("Gram block has " + testTrainGram.cols() + " columns, fit has "
                    + coefficients.length + " training points");
        }
        return testTrainGram.times(coefficients);
    }

    /** mean((prediction - yStar)^2). */
    public double testMse(Matrix testTrainGram, double[] yStar) {
        return Vectors.meanSquaredDifference(predict(testTrainGram), yStar);
    }
}
