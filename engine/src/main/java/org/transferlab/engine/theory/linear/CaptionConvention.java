package org.transferlab.engine.theory.linear;

/**
 * Figure 2a's caption convention (paper-abstract-and-figures.txt): spike constants
 * c1 = nu1 sqrt(nu1 (1 - nu1)) chi, c2 = nu1^2 chi, c3 = nu1 (1 - nu1) chi with chi = sqrt(1 - gamma1^2) - 1.
 * This differs from the derived gradient-flow spike (THEORY 0.2): the caption's chi is
 * <= 0 and only defined for gamma1 <= 1. It equals nu1 chi u u^T with the noiseless nu1 < 1 source
 * direction u = sqrt(nu1) b + sqrt(1 - nu1) g, so it is offered only so that Figure 2a can be drawn as
 * printed and compared with the derived spike.
 */
public final class CaptionConvention {
    private CaptionConvention() {
    }

    /** chi = sqrt(1 - gamma1^2) - 1, written as -gamma1^2/(sqrt(1 - gamma1^2) + 1) to keep small gamma1 accurate. */
    public static double chi(double gamma1) {
        if (!(gamma1 >= 0 && gamma1 <= 1)) {
            throw new IllegalArgumentException("gamma1 must lie in [0, 1] for the Figure 2a caption convention "
                    + "chi = sqrt(1 - gamma1^2) - 1 (undefined for gamma1 > 1), got " + gamma1);
        }
        return -gamma1 * gamma1 / (Math.sqrt(1 - gamma1 * gamma1) + 1);
    }

    /** The caption's (c1, c2, c3) for source data ratio nu1 in (0, 1]. */
    public static SpikePlane spikePlane(double nu1, double gamma1) {
        if (!(nu1 > 0 && nu1 <= 1)) {
            throw new IllegalArgumentException("nu1 must lie in (0, 1] for the Figure 2a caption constants "
                    + "(they contain sqrt(nu1 (1 - nu1))), got " + nu1);
        }
        double chi = chi(gamma1);
        return new SpikePlane(nu1 * Math.sqrt(nu1 * (1 - nu1)) * chi, nu1 * nu1 * chi, nu1 * (1 - nu1) * chi);
    }
}
