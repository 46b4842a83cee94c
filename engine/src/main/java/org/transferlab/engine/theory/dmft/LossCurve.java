package org.transferlab.engine.theory.dmft;

/**
 * Losses recorded during a phase: at {@code steps[k]} (before the update of that step; the last
 * point is after the final step) the group-mean train MSE, the group-mean test MSE and its standard
 * error. The test arrays are empty when the phase has no labelled test points.
 */
public record LossCurve(int[] steps, double[] trainLoss, double[] testLoss, double[] testLossStdErr) {
}
