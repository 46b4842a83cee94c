package org.transferlab.engine.theory.linear;

/**
 * Size chi of the rank-one spike that source training adds to the input kernel of a linear network,
 * Phi_1 = x.x'/D + chi (u.x)(u.x')/D, as a function of the richness gamma and |beta_f|^2 (THEORY 2.6.2).
 * Both forms are written without the difference sqrt(1 + z) - 1 so that gamma -> 0 loses no digits.
 */
public enum SpikeRule {
    /** Gradient flow from random init: the Lorentz-boost invariant gives chi = sqrt(1 + gamma^2 |beta_f|^2) - 1. */
    GRADIENT_FLOW {
        @Override
        public double chi(double gamma, double betaNormSquared) {
            double z = checked(gamma, betaNormSquared);
            return z / (Math.sqrt(1 + z) + 1);
        }
    },
    /** Bayesian posterior (beta -> infinity): chi_B (1 + chi_B) = gamma^2 |beta_f|^2. */
    BAYESIAN {
        @Override
        public double chi(double gamma, double betaNormSquared) {
            double z = checked(gamma, betaNormSquared);
            return 2 * z / (Math.sqrt(1 + 4 * z) + 1);
        }
    };

    public abstract double chi(double gamma, double betaNormSquared);

    private static double checked(double gamma, double betaNormSquared) {
        if (!(gamma >= 0) || Double.isInfinite(gamma)) {
            throw new IllegalArgumentException("gamma must be finite and >= 0, got " + gamma);
        }
        if (!(betaNormSquared >= 0) || Double.isInfinite(betaNormSquared)) {
            throw new IllegalArgumentException("|beta_f|^2 must be finite and >= 0, got " + betaNormSquared);
        }
        return gamma * gamma * betaNormSquared;
    }
}
