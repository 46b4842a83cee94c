package org.transferlab.engine.theory.dmft;

import org.transferlab.engine.linalg.Matrix;

/**
 * The first-layer state of G independent groups of particles, seen through their fields h on the
 * Q points (one points x particles block per group, the layout of the finite-width trainer). Two
 * exact representations (see {@link Sampling}); the solver only talks to this interface.
 * Different groups may be read and updated at the same time from different threads.
 */
interface ParticleFields {
    int groups();

    /** Writes h of group g on points [from, to) into {@code out} ((to - from) x M_g). */
    void block(int g, int from, int to, Matrix out);

    /** What an update on the active points [from, to) needs, gathered once per phase. */
    Active activeSet(int from, int to);

    /**
     * One Euler step of THEORY 4.A for group g: h <- keep h + pull h_anchor + gradCoef K[:, I] A,
     * with A (|I| x M_g) on the active points.
     */
    void update(int g, Active active, Matrix a, double gradCoef, double keep, ParticleFields anchor, double pull);

    ParticleFields copy();

    /** The kernel block of an active set, as the update consumes it; also y = K[I, I] x. */
    interface Active {
        void kernelTimes(double[] x, double[] y);
    }
}
