package org.transferlab.engine.theory.bayes;

import org.transferlab.protocol.event.CostEstimate;

/** Cost of a Bayesian saddle run from its sizes (2 flops per multiply-add; resident arrays). */
public final class SaddleCost {
    /**
     * Resamplings with slice moves of the whole sample the model expects per saddle (the replicas'
     * counts over their number): an allowance, as the 1000 iterations are; few are needed at small gamma.
     */
    static final int EXPECTED_REJUVENATIONS = 100;
    /** Tilt evaluations per slice step: the shrinking bracket accepts after two or three on average. */
    private static final int EVALUATIONS_PER_STEP = 4;

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
        int rest = n - p;
        // the population, then the other points from their conditional, twice for a transfer's source
        double sampling = 2.0 * s * p * p + 2 * 2.0 * s * rest * (p + rest);
        double perIteration = 2.0 * s * p * p + 4.0 * s * p + (double) p * p * p;
        double perMove = 2.0 * s * p * p + 20.0 * p * p * p + 3 * 2.0 * s * p * p
                + TiltedPopulation.MOVE_STEPS * (2 * 2.0 * s * p * p + EVALUATIONS_PER_STEP * 10.0 * s * p);
        double flops = 10.0 * n * n * n + sampling + iterations * perIteration + EXPECTED_REJUVENATIONS * perMove
                + 2.0 * s * n * p;
        double doubles = 2.0 * s * p + 3.0 * s + 6.0 * TiltedPopulation.CHUNK * n + 3.0 * n * n
                + SampleGroups.GROUPS * (double) n * p;
        return new CostEstimate(flops, (long) (8.0 * doubles));
    }
}
