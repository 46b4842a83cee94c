package org.transferlab.engine.theory.bayes;

import org.transferlab.protocol.event.CostEstimate;

/** Cost of a Bayesian saddle run from its sizes (2 flops per multiply-add; resident arrays). */
public final class SaddleCost {
    private SaddleCost() {
    }

    /**
     * @param p          training points of the tilted task (P, or P2 for a transfer's target)
     * @param n          all points sampled jointly
     * @param samples    S (times R for a transfer's target)
     * @param iterations expected fixed-point iterations (the cap is the worst case)
     */
    public static CostEstimate estimate(int p, int n, long samples, int iterations) {
        double s = samples;
        double sampling = 2.0 * s * n * n * 2;           // generation, replayed once for the test kernel
        double perIteration = 2.0 * s * p * p + 4.0 * s * p + (double) p * p * p;
        double flops = 10.0 * n * n * n + sampling + iterations * perIteration + 2.0 * s * n * p;
        double doubles = s * p + 2.0 * s + 2.0 * SampleBank.CHUNK * n + 2.0 * n * n
                + SampleGroups.GROUPS * (double) n * p;
        return new CostEstimate(flops, (long) (8.0 * doubles));
    }
}
