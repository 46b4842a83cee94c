package org.transferlab.engine.sim;

/**
 * Losses recorded during a phase: at {@code steps[k]} GD steps, the train MSE mean((f - y)^2) on the
 * training labels, the test MSE mean((f - y*)^2) on the clean test labels, and the alignment A(Phi, y)
 * of the feature kernel with the training labels (NaN unless the trainer records the kernel).
 */
public record TrainingCurve(int[] steps, double[] trainLoss, double[] testLoss, double[] alignment) {
    public int size() {
        return steps.length;
    }
}
