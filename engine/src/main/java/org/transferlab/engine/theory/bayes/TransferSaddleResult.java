package org.transferlab.engine.theory.bayes;

import org.transferlab.engine.linalg.Matrix;

/**
 * Bayesian transfer at infinite width.
 *
 * @param source                 the source saddle on X1 (its test fields are those of I1's complement)
 * @param fineTuneTestLoss       kernel regression on X2 with the Bayesian source kernel Phi_1 (the
 *                               delta -> infinity limit)
 * @param fineTunePredictions    that predictor on the test points
 * @param sourceKernelOnTarget   Phi_1(X2, X2), P2 x P2
 * @param targetKernel           Phi_2(X2, X2), P2 x P2
 * @param targetTestKernel       Phi_2(x*, X2), Ptest x P2
 * @param targetPredictions      f_2(x*) = Phi_2(x*, X2)(Phi_2 + I/beta)^{-1} y2
 * @param targetTestLoss         its MSE against the test labels (NaN without labels)
 * @param effectiveSampleSize    ESS of the combined weights omega1_s omega2_{r|s}
 * @param samples                S R, what that ESS is out of
 * @param iterations             target fixed-point iterations
 * @param targetAlignment        A(Phi_2, y2)
 */
public record TransferSaddleResult(SaddleResult source, double fineTuneTestLoss, double[] fineTunePredictions,
                                   Matrix sourceKernelOnTarget, Matrix targetKernel, Matrix targetTestKernel,
                                   double[] targetPredictions, double targetTestLoss, double effectiveSampleSize,
                                   int samples, int iterations, double targetAlignment) {
}
