package org.transferlab.engine.theory.dmft;

import org.transferlab.engine.sim.HistogramBins;

import org.transferlab.engine.linalg.Activation;
import org.transferlab.engine.run.EngineException;
import org.transferlab.protocol.FailureCode;

/**
 * The Monte-Carlo side of the particle solver.
 *
 * @param particles         M, a multiple of {@code groups}
 * @param groups            G independent groups of M/G particles (each its own width-M/G network),
 *                          whose spread gives the Monte-Carlo standard error; at least 2
 * @param seed              all randomness derives from it
 * @param sampling          weight or field space (AUTO chooses)
 * @param activation        phi
 * @param enforceStability  refuse learning rates past the stability bound before running; turning
 *                          it off still stops a run that actually diverges
 * @param bins              bins of the preactivation histograms
 * @param draw              how the initial first-layer weights of a group are drawn (i.i.d. or
 *                          structured within the group, every particle N(0, I) either way)
 */
public record ParticleSpec(int particles, int groups, long seed, Sampling sampling, Activation activation,
                           boolean enforceStability, HistogramBins bins, ParticleDraw draw) {
    public ParticleSpec {
        if (draw == null) {
            throw new IllegalArgumentException("draw must be given");
        }
        if (groups < 2 || particles < 2 * groups || particles % groups != 0) {
            throw new EngineException(FailureCode.INVALID_SPEC, "particles = " + particles
                    + " must be a multiple of groups = " + groups + " >= 2, with at least 2 particles per group");
        }
    }

    /** With i.i.d. draws. */
    public ParticleSpec(int particles, int groups, long seed, Sampling sampling, Activation activation,
                        boolean enforceStability, HistogramBins bins) {
        this(particles, groups, seed, sampling, activation, enforceStability, bins, ParticleDraw.IID);
    }

    /** ReLU, automatic sampling, stability enforced, 4 groups, default histogram bins. */
    public static ParticleSpec relu(int particles, long seed) {
        return new ParticleSpec(particles, 4, seed, Sampling.AUTO, Activation.RELU, true,
                HistogramBins.PREACTIVATIONS);
    }

    public int groupSize() {
        return particles / groups;
    }
}
