package org.transferlab.engine.theory.bayes;

import org.transferlab.engine.linalg.Matrix;

/**
 * A posterior mean f(x*) = Phi(x*, X)(Phi(X, X) + I/beta)^{-1} y and how well it does.
 *
 * @param trainKernel    Phi(X, X) on the training points it regresses on
 * @param predictions    f on the test points
 * @param testLoss       MSE against the test labels (NaN without labels)
 * @param testLossStdErr Monte-Carlo standard error of testLoss ({@link SampleGroups}; NaN without labels)
 * @param trainLoss      MSE of f on the training labels
 */
public record KernelPredictor(Matrix trainKernel, double[] predictions, double testLoss, double testLossStdErr,
                              double trainLoss) {
}
