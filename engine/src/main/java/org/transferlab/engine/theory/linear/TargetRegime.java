package org.transferlab.engine.theory.linear;

/**
 * The target learning problem in the proportional limit: nu2 = P2/D samples per dimension, target label
 * noise sigma2 (relative to the signal standard deviation) and the readout's ridge (in units of the
 * kernel matrix, f = Phi(x, X2)[Phi(X2, X2) + ridge I]^{-1} y2). Gives the isotropic kappa and g of
 * THEORY 2.6.4: a spike of finite rank is O(1/D) of the kernel's trace and does not move them.
 */
public record TargetRegime(double nu2, double sigma2, double ridge) {

    public TargetRegime {
        if (!(nu2 > 0) || Double.isInfinite(nu2)) {
            throw new IllegalArgumentException("nu2 = P2/D must be finite and > 0, got " + nu2);
        }
        if (!(sigma2 >= 0) || Double.isInfinite(sigma2)) {
            throw new IllegalArgumentException("sigma2 must be finite and >= 0, got " + sigma2);
        }
        if (!(ridge >= 0) || Double.isInfinite(ridge)) {
            throw new IllegalArgumentException("ridge must be finite and >= 0, got " + ridge);
        }
    }

    public static TargetRegime ridgeless(double nu2, double sigma2) {
        return new TargetRegime(nu2, sigma2, 0);
    }

    /**
     * The positive root of kappa = ridge + kappa/(nu2 + kappa), i.e. of
     * kappa^2 + (nu2 - ridge - 1) kappa - ridge nu2 = 0, in the form that cancels nothing
     * (ridge = 0 gives max(1 - nu2, 0)).
     */
    public double kappa() {
        double b = nu2 - ridge - 1;
        double c = ridge * nu2;
        double root = Math.sqrt(b * b + 4 * c);
        return b > 0 ? 2 * c / (b + root) : 0.5 * (root - b);
    }

    /**
     * The training error the same regression reaches, from its clean-target test error (THEORY 2.6.4;
     * docs/theory.md, "training error of the closed forms"): E_train = (ridge/kappa)^2 (E_test + sigma2^2),
     * the deterministic-equivalent identity between the residual on the noisy training labels and the
     * error on fresh noisy labels. Ridgeless, ridge/kappa tends to 0 below the interpolation threshold
     * (kappa = 1 - nu2 > 0) and to 1 - 1/nu2 above it, the least-squares residual's share.
     */
    public double trainError(double testError) {
        double kappa = kappa();
        double share = kappa > 0 ? ridge / kappa : Math.max(0, 1 - 1 / nu2);
        return share == 0 ? 0 : share * share * (testError + sigma2 * sigma2);
    }

    /** g = nu2/(nu2 + kappa)^2, the noise amplification; 1 - g vanishes at the ridgeless peak nu2 = 1. */
    public double g() {
        double k = kappa();
        return nu2 / ((nu2 + k) * (nu2 + k));
    }
}
