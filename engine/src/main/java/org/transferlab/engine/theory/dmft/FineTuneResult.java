package org.transferlab.engine.theory.dmft;

/**
 * Fine-tuning on the frozen source features (THEORY 2.3), estimated at infinite width as
 * {@link ReadoutFineTune} describes.
 *
 * @param readoutDynamics  readout-only gradient descent on I2, with its loss curve: the jackknifed
 *                         pooled-kernel loss, its error, and the groups' ensemble and mean losses
 * @param pooledTestLoss   the final test loss of the flow on the pooled kernel of all M particles,
 *                         before the jackknife's bias correction
 * @param kernelRegression its t -> infinity limit, kernel (ridge) regression, estimated the same way
 * @param kernelTrainLoss  the train MSE of that limit on the pooled kernel (zero up to round-off when
 *                         ridgeless regression interpolates)
 */
public record FineTuneResult(PhaseResult readoutDynamics, double pooledTestLoss, InfiniteWidthLoss kernelRegression,
                             double kernelTrainLoss) {
}
