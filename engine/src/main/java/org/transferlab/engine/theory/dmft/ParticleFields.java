package org.transferlab.engine.theory.dmft;

/**
 * The first-layer state of M particles, seen through their fields h(S) (M x Q). Two exact
 * representations (see {@link Sampling}); the solver only talks to this interface.
 */
interface ParticleFields {
    /** Writes h on columns [from, to) into {@code out} (M x (to - from), row-major). */
    void block(int from, int to, double[] out);

    /**
     * One Euler step of THEORY 4.A: h <- keep h + gradCoef A K[I, :] + anchorCoef h_anchor,
     * A being M x |I| on the active columns I = [from, to).
     */
    void update(int from, int to, double[] a, double gradCoef, double keep, ParticleFields anchor, double anchorCoef);

    /** y = K[I, I] x for the active block (for the stability bound). */
    void kernelTimes(int from, int to, double[] x, double[] y);

    ParticleFields copy();

    /** Doubles held by the state. */
    long size();
}
