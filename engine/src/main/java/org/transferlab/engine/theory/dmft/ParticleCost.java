package org.transferlab.engine.theory.dmft;

import org.transferlab.protocol.spec.TheorySpec;
import org.transferlab.protocol.event.CostEstimate;

/**
 * Cost of a particle-solver run before it runs (for admission control), from the sizes alone.
 * Counts the matrix products that dominate (2 flops per multiply-add) and the resident arrays.
 */
public final class ParticleCost {
    private ParticleCost() {
    }

    /**
     * @param p1          source-train points
     * @param p2          target-train points
     * @param pt          test points
     * @param inputDim    D (0 if only the kernel is known: field space)
     * @param particles   M
     * @param sampling    requested sampling (AUTO resolved as the solver does)
     * @param draw        how the particles are drawn (a structured draw orthogonalises them once)
     * @param sourceSteps steps of the source phase
     * @param targetSteps total steps of the target phases that move the features (jointly rich,
     *                    scratch); fine-tuning's readout runs at O(P2^2) per step and is not counted
     * @param recordEvery loss-curve interval (each record evaluates the test points)
     */
    public static CostEstimate estimate(int p1, int p2, int pt, int inputDim, int particles, Sampling sampling,
                                        ParticleDraw draw, long sourceSteps, long targetSteps, int recordEvery) {
        double q = (double) p1 + p2 + pt;
        double m = particles;
        boolean weightSpace = sampling == Sampling.WEIGHT_SPACE
                || (sampling == Sampling.AUTO && inputDim > 0 && inputDim < q);
        // per step on an active set of size p: forward/backward products plus ~6 elementwise passes
        double perActive = weightSpace ? 4.0 * m * inputDim : 2.0 * m * q;
        double perRecord = weightSpace ? 2.0 * m * pt * inputDim : m * pt;
        double steps = (double) sourceSteps + targetSteps;
        double flops = sourceSteps * (perActive + 8.0 * m) * p1
                + targetSteps * (perActive + 8.0 * m) * p2
                + Math.ceil(steps / Math.max(1, recordEvery) + 2) * perRecord
                + (weightSpace ? 0.0 : 10.0 * q * q * q + 2.0 * m * q * q)   // sqrt_psd and H = Xi C
                + 2.0 * m * (p2 + pt) * p2                                    // fine-tuning kernel
                + TheorySpec.PARTICLE_GROUPS * draw.orthogonalisationFlops(particles / TheorySpec.PARTICLE_GROUPS,
                        weightSpace ? inputDim : (int) q);
        double state = weightSpace ? m * inputDim : m * q;
        double geometry = weightSpace ? q * inputDim : 2.0 * q * q;
        int pMax = Math.max(p1, p2);
        double buffers = 3.0 * m * pMax + 2.0 * m * pt + m * (p2 + pt);
        // fine-tuning holds the G group kernels, their pooled mean and the G delete-one-group means
        double readoutKernels = (2.0 * TheorySpec.PARTICLE_GROUPS + 1) * (p2 + pt) * p2;
        double doubles = 2.0 * state + geometry + Math.max(buffers, readoutKernels);   // source fields kept while the target runs
        return new CostEstimate(flops, (long) (8.0 * doubles));
    }
}
