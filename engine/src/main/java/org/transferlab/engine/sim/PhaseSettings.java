package org.transferlab.engine.sim;

import org.transferlab.engine.run.EngineException;
import org.transferlab.protocol.FailureCode;

/**
 * How one training phase runs (THEORY 1.4): full-batch GD on L = 1/2 sum (f - y)^2 with the
 * learning rate scaled by gamma^2 N.
 *
 * @param gamma              richness gamma of this phase
 * @param learningRate       eta (time t = eta * steps)
 * @param steps              maximum number of GD steps
 * @param weightDecay        lambda, on both layers (on the readout only when the first layer is frozen,
 *                           where it acts as the ridge of the readout regression)
 * @param elasticCoupling    delta: pull of W towards the source weights W1 (jointly rich phase only)
 * @param recordEvery        record train and test loss every this many steps
 * @param trainLossTolerance stop once the train MSE is at most this (the steps are then a budget; whether
 *                           it was met is read off the final train loss). NaN: run all steps
 * @param divergenceFactor   fail with NON_CONVERGED ("diverged") once the train MSE exceeds this
 *                           factor times its value at the start
 * @param adaptiveRate       the rate is the engine's own choice: instead of refusing it when it is past
 *                           the stability bound, the phase halves it (at the start, and whenever the
 *                           train MSE of a phase without weight decay or coupling rises), keeping the
 *                           horizon t = learningRate * steps ({@link StepSchedule}). False: a user's
 *                           rate, refused when unstable and never changed
 */
public record PhaseSettings(double gamma, double learningRate, int steps, double weightDecay, double elasticCoupling,
                            int recordEvery, double trainLossTolerance, double divergenceFactor, boolean adaptiveRate) {
    public static final double DEFAULT_DIVERGENCE_FACTOR = 1e4;

    /** A phase with a fixed (user-given) rate. */
    public PhaseSettings(double gamma, double learningRate, int steps, double weightDecay, double elasticCoupling,
                         int recordEvery, double trainLossTolerance, double divergenceFactor) {
        this(gamma, learningRate, steps, weightDecay, elasticCoupling, recordEvery, trainLossTolerance, divergenceFactor, false);
    }

    public PhaseSettings {
        require(gamma > 0 && Double.isFinite(gamma), "gamma must be > 0, got " + gamma);
        require(learningRate > 0 && Double.isFinite(learningRate), "learningRate must be > 0, got " + learningRate);
        require(steps >= 0, "steps must be >= 0, got " + steps);
        require(weightDecay >= 0, "weightDecay must be >= 0, got " + weightDecay);
        require(elasticCoupling >= 0, "elasticCoupling must be >= 0, got " + elasticCoupling);
        require(recordEvery >= 1, "recordEvery must be >= 1, got " + recordEvery);
        require(Double.isNaN(trainLossTolerance) || trainLossTolerance >= 0, "trainLossTolerance must be >= 0 or NaN");
        require(divergenceFactor > 1, "divergenceFactor must be > 1, got " + divergenceFactor);
    }

    /** No weight decay, no coupling, about 100 recorded points, no convergence criterion. */
    public static PhaseSettings of(double gamma, double learningRate, int steps) {
        return new PhaseSettings(gamma, learningRate, steps, 0, 0, Math.max(1, steps / 100), Double.NaN,
                DEFAULT_DIVERGENCE_FACTOR);
    }

    public PhaseSettings withWeightDecay(double lambda) {
        return new PhaseSettings(gamma, learningRate, steps, lambda, elasticCoupling, recordEvery, trainLossTolerance, divergenceFactor, adaptiveRate);
    }

    public PhaseSettings withElasticCoupling(double delta) {
        return new PhaseSettings(gamma, learningRate, steps, weightDecay, delta, recordEvery, trainLossTolerance, divergenceFactor, adaptiveRate);
    }

    public PhaseSettings withRecordEvery(int k) {
        return new PhaseSettings(gamma, learningRate, steps, weightDecay, elasticCoupling, k, trainLossTolerance, divergenceFactor, adaptiveRate);
    }

    public PhaseSettings withTrainLossTolerance(double tol) {
        return new PhaseSettings(gamma, learningRate, steps, weightDecay, elasticCoupling, recordEvery, tol, divergenceFactor, adaptiveRate);
    }

    public PhaseSettings withLearningRate(double eta) {
        return new PhaseSettings(gamma, eta, steps, weightDecay, elasticCoupling, recordEvery, trainLossTolerance, divergenceFactor, adaptiveRate);
    }

    /** The same phase with the rate marked as the engine's choice (see {@code adaptiveRate}). */
    public PhaseSettings withAdaptiveRate(boolean adaptive) {
        return new PhaseSettings(gamma, learningRate, steps, weightDecay, elasticCoupling, recordEvery, trainLossTolerance,
                divergenceFactor, adaptive);
    }

    /** Gradient-flow time of the whole phase, t = learningRate * steps. */
    public double time() {
        return learningRate * steps;
    }

    /**
     * Whether gradient flow decreases the train MSE monotonically in this phase: without weight decay
     * or elastic coupling the MSE is the flow's own objective, so a rise is an Euler step too large.
     */
    public boolean mseIsObjective() {
        return weightDecay == 0 && elasticCoupling == 0;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new EngineException(FailureCode.INVALID_SPEC, message);
        }
    }
}
