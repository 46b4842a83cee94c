package org.transferlab.engine.theory.bayes;

import org.transferlab.engine.linalg.Matrix;

/**
 * Bayesian transfer at infinite width.
 *
 * @param source              the source saddle on X1 (its test fields are those of I1's complement)
 * @param fineTune            kernel regression on X2 with the Bayesian source kernel Phi_1 (the
 *                            delta -> infinity limit); its train kernel is Phi_1(X2, X2)
 * @param target              the target posterior coupled to the source by delta: kernel regression with
 *                            Phi_2; its train kernel is Phi_2(X2, X2). Null when its saddle was not
 *                            reached (NON_CONVERGED: {@code targetFailure} says why), which leaves
 *                            the fine-tuned regression intact
 * @param targetTestKernel    Phi_2(x*, X2), Ptest x P2
 * @param effectiveSampleSize ESS of the combined weights omega1_s omega2_{r|s}
 * @param samples             S R, what that ESS is out of
 * @param iterations          target fixed-point iterations (0 for delta = infinity: no target saddle)
 * @param relativeChange      the last relative change of Phi_2
 * @param targetAlignment     A(Phi_2, y2)
 * @param rejuvenations       how often the target population was resampled and moved
 * @param targetFailure       why the target saddle was not reached, or null
 */
public record TransferSaddleResult(SaddleResult source, KernelPredictor fineTune, KernelPredictor target,
                                   Matrix targetTestKernel, double effectiveSampleSize, int samples, int iterations,
                                   double relativeChange, double targetAlignment, int rejuvenations,
                                   String targetFailure) {
    /** Phi_1(X2, X2). */
    public Matrix sourceKernelOnTarget() {
        return fineTune.trainKernel();
    }

    /** Phi_2(X2, X2). */
    public Matrix targetKernel() {
        return target.trainKernel();
    }

    public double fineTuneTestLoss() {
        return fineTune.testLoss();
    }

    public double targetTestLoss() {
        return target.testLoss();
    }

    /** The fine-tuned regression alone, when the target saddle was not reached. */
    static TransferSaddleResult withoutTarget(SaddleResult source, KernelPredictor fineTune, String failure) {
        return new TransferSaddleResult(source, fineTune, null, null, Double.NaN, 0, 0, Double.NaN, Double.NaN, 0,
                failure);
    }
}
