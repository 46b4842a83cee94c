package org.transferlab.engine.theory.linear;

import java.util.List;

/**
 * Outcome of integrating THEORY 2.6.1.
 *
 * @param state     final (M, m, q)
 * @param betaF     final learned teacher m/gamma
 * @param time      flow time reached
 * @param steps     accepted RK4 steps
 * @param residual  final relative residual (see {@link LinearFlowOptions#tolerance()})
 * @param curve     test loss at the probe's sample times; times after convergence carry the converged value
 */
public record LinearFlowResult(LinearFlowState state, double[] betaF, double time, long steps, double residual,
                               List<TestLossProbe.Point> curve) {
    public LinearFlowResult {
        betaF = betaF.clone();
        curve = List.copyOf(curve);
    }

    @Override
    public double[] betaF() {
        return betaF.clone();
    }
}
