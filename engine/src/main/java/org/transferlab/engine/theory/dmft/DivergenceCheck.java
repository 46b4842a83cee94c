package org.transferlab.engine.theory.dmft;

import org.transferlab.engine.run.EngineException;
import org.transferlab.engine.sim.PhaseSettings;
import org.transferlab.protocol.FailureCode;

/** Stops a phase whose train loss has blown up, with the failure code that says how. */
final class DivergenceCheck {
    private DivergenceCheck() {
    }

    /** NaN or infinity: NAN_DETECTED; finite growth past the phase's divergence factor: NON_CONVERGED. */
    static void check(double[] lossPerGroup, double startLoss, int step, String name,
                      PhaseSettings phase) {
        double mean = 0;
        for (double v : lossPerGroup) {
            if (!Double.isFinite(v)) {
                throw new EngineException(FailureCode.NAN_DETECTED,
                        name + ": train loss became " + v + " at step " + step + " (learning rate too large?)");
            }
            mean += v / lossPerGroup.length;
        }
        if (step > 0 && mean > phase.divergenceFactor() * Math.max(startLoss, 1e-12)) {
            throw new EngineException(FailureCode.NON_CONVERGED, String.format(
                    "%s: diverged, train loss %.4g at step %d from %.4g at the start (learning rate too large?)",
                    name, mean, step, startLoss));
        }
    }
}
