package org.transferlab.engine.theory.linear;

/**
 * Population-level fine-tuning after a source phase with weight decay (THEORY 2.6.6). The source kernel
 * is rank one, gamma |beta_f| (u.x)(u.x')/D (the random features have decayed), so fine-tuning is
 * one-dimensional regression on u.x: E_FT = 1 - alpha_eff^2 at leading order (the O(1/P2) estimation
 * error of one coefficient vanishes in the proportional limit). Against the isotropic scratch baseline
 * (min-norm, about 1 - nu2 noiseless) transfer is positive iff alpha_eff^2 > nu2 when noiseless.
 */
public final class WeightDecayTheory {
    private WeightDecayTheory() {
    }

    public static double fineTuningError(double alphaEff) {
        if (!(Math.abs(alphaEff) <= 1)) {
            throw new IllegalArgumentException("alphaEff must lie in [-1, 1], got " + alphaEff);
        }
        return 1 - alphaEff * alphaEff;
    }

    /** FT on the rank-one kernel next to the isotropic scratch baseline of the same target regime. */
    public static TransferGain fineTuning(double alphaEff, TargetRegime target) {
        return new TransferGain(FineTuningTheory.scratchError(target), fineTuningError(alphaEff));
    }

    /** The noiseless ridgeless phase boundary: positive transfer iff alpha_eff^2 > nu2. */
    public static boolean positiveTransferNoiseless(double alphaEff, double nu2) {
        return alphaEff * alphaEff > nu2;
    }
}
