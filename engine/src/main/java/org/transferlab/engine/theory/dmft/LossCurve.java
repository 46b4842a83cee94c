package org.transferlab.engine.theory.dmft;

/**
 * Losses recorded during a phase: at {@code steps[k]} (before the update of that step; the last
 * point is after the final step) the train MSE (the groups' mean; for fine-tuning the pooled-kernel
 * flow's), the infinite-width test-loss estimate ({@link InfiniteWidthLoss#loss}) and its standard
 * error, and the kernel-target alignment A(Phi, y) of the pooled feature kernel on the phase's
 * training points with its labels (THEORY 1.6; NaN in the source phase, which does not record it).
 * The test arrays are empty when the phase has no labelled test points.
 */
public record LossCurve(int[] steps, double[] trainLoss, double[] testLoss, double[] testLossStdErr,
                        double[] alignment) {
}
