package org.transferlab.engine.theory.dmft;

/**
 * Fine-tuning on the frozen source features (THEORY 2.3).
 *
 * @param readoutDynamics     readout-only gradient descent on I2 from w = 0, with its loss curve
 * @param kernelRegression    its t -> infinity limit, kernel (ridge) regression with each group's Phi_1,
 *                            combined into the infinite-width estimate as the dynamics are
 * @param pooledKernelTestLoss kernel regression with Phi_1 of all M particles: the best estimate
 *                            of the infinite-width fine-tuning error
 * @param pooledPredictions   that predictor on the test points
 */
public record FineTuneResult(PhaseResult readoutDynamics, InfiniteWidthLoss kernelRegression,
                             double pooledKernelTestLoss, double[] pooledPredictions) {
}
