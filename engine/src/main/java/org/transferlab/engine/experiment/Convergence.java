package org.transferlab.engine.experiment;

import org.transferlab.protocol.spec.PhaseSpec;

/**
 * Whether one phase converged, and how it got there, as row diagnostics. A phase converged when its
 * final train MSE over the task's variance is at most the spec's {@code trainLossTolerance}, or when
 * the flow reached a fixed point above zero (weight decay, a readout ridge, elastic coupling, or labels
 * it cannot fit): the MSE changed by at most that tolerance relative to itself over the last recorded
 * interval of the curve (an exponential approach still under way changes it by far more). A phase that
 * did not converge says so: diagnostics {@code converged} = 0 (the mean over seeds: the share that
 * converged), and a note in the result.
 *
 * @param converged   1 or 0
 * @param time        gradient-flow time reached
 * @param finalRate   step size at the end (below the planned one after the trainer halved it)
 * @param steps       GD (or Euler) steps taken
 */
record Convergence(boolean converged, double time, double finalRate, long steps) {

    /**
     * @param trainCurve the recorded train MSE (absolute), oldest first
     * @param finalTrain the final train MSE (absolute)
     * @param scale      the task's variance
     */
    static Convergence of(PhaseSpec spec, double[] trainCurve, double finalTrain, double scale,
                          double time, double finalRate, long steps) {
        double tolerance = spec.trainLossTolerance();
        boolean fitted = finalTrain / scale <= tolerance;
        boolean fixedPoint = false;
        if (trainCurve.length >= 3) {
            double last = trainCurve[trainCurve.length - 1];
            fixedPoint = Math.abs(last - trainCurve[trainCurve.length - 2]) <= tolerance * last;
        }
        return new Convergence(fitted || fixedPoint, time, finalRate, steps);
    }

    /** The diagnostics of a target phase. */
    void addTo(SeedSeries s) {
        add(s, false);
    }

    /** The diagnostics of the source phase the row's target phase started from. */
    void addSourceTo(SeedSeries s) {
        add(s, true);
    }

    private void add(SeedSeries s, boolean source) {
        s.diagnostic(source ? "sourceConverged" : "converged", converged ? 1 : 0)
                .diagnostic(source ? "sourceTime" : "time", time)
                .diagnostic(source ? "learningRateSource" : "learningRateTarget", finalRate)
                .diagnostic(source ? "sourceSteps" : "steps", steps);
    }
}
