package org.transferlab.engine.theory.dmft;

/**
 * Losses recorded during a phase: at {@code steps[k]} (before the update of that step; the last
 * point is after the final step) the train MSE (the groups' mean; for fine-tuning the pooled-kernel
 * flow's), the infinite-width test-loss estimate ({@link InfiniteWidthLoss#loss}) and its standard
 * error. The test arrays are empty when the phase has no labelled test points.
 */
public record LossCurve(int[] steps, double[] trainLoss, double[] testLoss, double[] testLossStdErr) {
}
