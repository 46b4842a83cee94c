package org.transferlab.engine.theory.linear;

/**
 * Clean-target test error of kernel (ridge) regression on the target with a kernel I + S, S in the
 * (b, g) plane (THEORY 2.6.4 and 2.7): each eigen-direction k of S with eigenvalue s_k and target
 * overlap a_k contributes kappa^2 a_k^2/(nu2 (1 + s_k) + kappa)^2, the rest of the target
 * kappa^2 (1 - sum a_k^2)/(nu2 + kappa)^2, noise g sigma2^2, all divided by 1 - g. For a rank-one spike
 * this is exactly 2.6.4's E_FT; with no spike it is the scratch (min-norm / linear-probe) error.
 */
public final class FineTuningTheory {
    private FineTuningTheory() {
    }

    /** E_FT for fine-tuning a readout on the kernel I + spike. */
    public static double error(TargetRegime target, SpikePlane spike, TargetAlignment alignment) {
        double nu2 = target.nu2();
        double kappa = target.kappa();
        double g = target.g();
        double k2 = kappa * kappa;
        double numerator = 0;
        double inPlane = 0;
        for (SpikePlane.SpikeDirection direction : spike.directions()) {
            double a = direction.overlap(alignment);
            double denominator = nu2 * (1 + direction.eigenvalue()) + kappa;
            // A direction the kernel cannot see (eigenvalue 0, ridgeless with kappa = 0) is never learned.
            numerator += denominator == 0 ? a * a : k2 * a * a / (denominator * denominator);
            inPlane += a * a;
        }
        numerator += k2 * Math.max(0, 1 - inPlane) / ((nu2 + kappa) * (nu2 + kappa));
        numerator += g * target.sigma2() * target.sigma2();
        double oneMinusG = 1 - g;
        if (oneMinusG <= 0) {
            // Ridgeless nu2 = 1: the interpolation peak. Error vanishes only with nothing to mis-fit.
            return numerator == 0 ? 0 : Double.POSITIVE_INFINITY;
        }
        return numerator / oneMinusG;
    }

    /** The baseline without pre-training: the same regression on the isotropic kernel (chi = 0). */
    public static double scratchError(TargetRegime target) {
        return error(target, SpikePlane.none(), TargetAlignment.ofSource(0));
    }

    /** FT next to scratch. */
    public static TransferGain fineTuning(TargetRegime target, SpikePlane spike, TargetAlignment alignment) {
        return new TransferGain(scratchError(target), error(target, spike, alignment));
    }

    /**
     * Jointly rich transfer in the lazy-target limit gamma2 -> 0 (THEORY 2.6.5): kernel interpolation
     * (gradient flow, no ridge) with the NTK x^T(M1 + I)x'/D = 2 x^T(I + S/2)x'/D, i.e. E_FT with the spike halved.
     */
    public static double jointlyRichLazyError(double nu2, double sigma2, SpikePlane sourceSpike, TargetAlignment alignment) {
        return error(TargetRegime.ridgeless(nu2, sigma2), sourceSpike.scaled(0.5), alignment);
    }
}
