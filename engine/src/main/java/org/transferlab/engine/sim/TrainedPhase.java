package org.transferlab.engine.sim;

/**
 * Outcome of one training phase.
 *
 * @param finalTrainLoss  train MSE with the final weights (training labels)
 * @param finalTestLoss   test MSE with the final weights (clean labels)
 * @param stepsRun        GD steps taken (fewer than planned when a tolerance was met, more when the rate was halved)
 * @param ntkLambdaMax    largest eigenvalue of the trained-parameter NTK on the training inputs at the start
 * @param finalRate       the step size at the end (below the planned one after halvings)
 * @param time            gradient-flow time reached, t = sum of the step sizes
 * @param testPredictions centred network outputs on the test inputs at the end
 * @param testPreactivations density of the preactivations W.x/sqrt(D) on the test inputs at the end
 * @param kernelSpectrum  top eigenvalues over the trace of the final feature kernel on the training
 *                        inputs, largest first (empty unless the trainer records the kernel)
 */
public record TrainedPhase(TrainingCurve curve, double finalTrainLoss, double finalTestLoss, long stepsRun,
                          double ntkLambdaMax, double finalRate, double time, double[] testPredictions,
                          Histogram testPreactivations, double[] kernelSpectrum) {
    /** The GD stability bound 2/lambda_max on the learning rate at the start of the phase. */
    public double learningRateBound() {
        return 2.0 / ntkLambdaMax;
    }
}
