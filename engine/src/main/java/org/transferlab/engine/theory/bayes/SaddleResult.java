package org.transferlab.engine.theory.bayes;

import org.transferlab.engine.linalg.Matrix;

/**
 * The converged adaptive kernel and its predictor.
 *
 * @param trainKernel         Phi(X, X), P x P row-major
 * @param testKernel          Phi(x*, X), Ptest x P row-major, with the same weights
 * @param coefficients        a = (Phi + I/beta)^{-1} y
 * @param testPredictions     f(x*) = Phi(x*, X) a
 * @param testLoss            MSE of the predictions against the test labels (NaN without labels)
 * @param testLossStdErr      its Monte-Carlo standard error from the spread of independent sample
 *                            groups ({@link SampleGroups}; NaN without labels)
 * @param trainLoss           MSE of the posterior mean on the training labels
 * @param effectiveSampleSize 1 / sum omega^2 of the final weights of the population (MCMC moves make
 *                            samples within a sub-population correlated, which this does not see)
 * @param samples             how many weighted samples that ESS is out of
 * @param iterations          fixed-point iterations used
 * @param relativeChange      the last relative change of Phi
 * @param targetAlignment     A(Phi, y) on the training set
 * @param rejuvenations       how often the sample population was resampled and moved on the way
 */
public record SaddleResult(Matrix trainKernel, Matrix testKernel, double[] coefficients,
                           double[] testPredictions, double testLoss, double testLossStdErr,
                           double trainLoss, double effectiveSampleSize, int samples,
                           int iterations, double relativeChange, double targetAlignment, int rejuvenations) {
}
