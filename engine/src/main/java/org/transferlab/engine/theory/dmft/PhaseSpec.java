package org.transferlab.engine.theory.dmft;

import org.transferlab.engine.run.EngineException;
import org.transferlab.protocol.FailureCode;

/**
 * One gradient-flow phase (THEORY 1.4, 4.A step 3).
 *
 * @param gamma        richness gamma of this phase (ignored by fine-tuning, whose readout dynamics
 *                     in function space do not depend on it)
 * @param weightDecay  lambda (for fine-tuning: the readout ridge lambda_r)
 * @param elastic      delta, pull towards the source fields (jointly rich target phase only; 0 = none)
 * @param learningRate eta; gradient-flow time is eta * steps
 * @param steps        number of Euler steps
 * @param recordEvery  loss curves get a point every this many steps (and at the last step)
 */
public record PhaseSpec(double gamma, double weightDecay, double elastic, double learningRate,
                        int steps, int recordEvery) {
    public PhaseSpec {
        require(gamma > 0 && Double.isFinite(gamma), "gamma", gamma);
        require(weightDecay >= 0 && Double.isFinite(weightDecay), "weightDecay", weightDecay);
        require(elastic >= 0 && Double.isFinite(elastic), "elastic", elastic);
        require(learningRate > 0 && Double.isFinite(learningRate), "learningRate", learningRate);
        require(steps >= 1, "steps", steps);
        require(recordEvery >= 1, "recordEvery", recordEvery);
    }

    private static void require(boolean ok, String field, double value) {
        if (!ok) {
            throw new EngineException(FailureCode.INVALID_SPEC, field + " = " + value + " is out of range");
        }
    }

    /** Gradient-flow time eta * steps. */
    public double time() {
        return learningRate * steps;
    }
}
