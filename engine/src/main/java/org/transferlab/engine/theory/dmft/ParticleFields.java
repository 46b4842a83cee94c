package org.transferlab.engine.theory.dmft;

/**
 * The first-layer state of M particles, seen through their fields h(S) (M x Q). Two exact
 * representations (see {@link Sampling}); the solver only talks to this interface. Every operation
 * works on a range of particle rows, so independent groups can be stepped one after another.
 */
interface ParticleFields {
    int particles();

    /** Writes h of particles [rowFrom, rowTo) on columns [from, to) into {@code out}, row-major. */
    void block(int rowFrom, int rowTo, int from, int to, double[] out);

    /**
     * One Euler step of THEORY 4.A for particles [rowFrom, rowTo):
     * h <- keep h + gradCoef A K[I, :] + anchorCoef h_anchor, A being (rows x |I|) on the active
     * columns I = [from, to).
     */
    void update(int rowFrom, int rowTo, int from, int to, double[] a, double gradCoef, double keep,
                ParticleFields anchor, double anchorCoef);

    /** y = K[I, I] x for the active block (for the stability bound). */
    void kernelTimes(int from, int to, double[] x, double[] y);

    ParticleFields copy();

    /** h of all particles on columns [from, to). */
    default void block(int from, int to, double[] out) {
        block(0, particles(), from, to, out);
    }
}
