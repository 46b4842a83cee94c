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
 * @param trainLossTolerance stop once the train MSE is at most this; if the steps run out first the
 *                           phase fails with NON_CONVERGED. NaN: no criterion, run all steps
 * @param divergenceFactor   fail with NON_CONVERGED ("diverged") once the train MSE exceeds this
 *                           factor times its value at the start
 */
public record PhaseSettings(double gamma, double learningRate, int steps, double weightDecay, double elasticCoupling,
                            int recordEvery, double trainLossTolerance, double divergenceFactor) {
    public static final double DEFAULT_DIVERGENCE_FACTOR = 1e4;

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
        return new PhaseSettings(gamma, learningRate, steps, lambda, elasticCoupling, recordEvery, trainLossTolerance, divergenceFactor);
    }

    public PhaseSettings withElasticCoupling(double delta) {
        return new PhaseSettings(gamma, learningRate, steps, weightDecay, delta, recordEvery, trainLossTolerance, divergenceFactor);
    }

    public PhaseSettings withRecordEvery(int k) {
        return new PhaseSettings(gamma, learningRate, steps, weightDecay, elasticCoupling, k, trainLossTolerance, divergenceFactor);
    }

    public PhaseSettings withTrainLossTolerance(double tol) {
        return new PhaseSettings(gamma, learningRate, steps, weightDecay, elasticCoupling, recordEvery, tol, divergenceFactor);
    }

    public PhaseSettings withLearningRate(double eta) {
        return new PhaseSettings(gamma, eta, steps, weightDecay, elasticCoupling, recordEvery, trainLossTolerance, divergenceFactor);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new EngineException(FailureCode.INVALID_SPEC, message);
        }
    }
}
