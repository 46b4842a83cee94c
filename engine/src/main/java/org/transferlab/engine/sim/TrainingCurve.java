package org.transferlab.engine.sim;

/**
 * Losses recorded during a phase: at {@code steps[k]} GD steps, the train MSE mean((f - y)^2) on the
 * training labels and the test MSE mean((f - y*)^2) on the clean test labels.
 */
public record TrainingCurve(int[] steps, double[] trainLoss, double[] testLoss) {
    public int size() {
        return steps.length;
    }
}
