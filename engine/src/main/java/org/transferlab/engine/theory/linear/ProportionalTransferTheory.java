package org.transferlab.engine.theory.linear;

/**
 * The whole proportional-limit linear transfer prediction for one parameter point: source fit
 * statistics (2.6.3), the spike (2.6.2 or a convention), fine-tuning and scratch errors (2.6.4) and the
 * lazy-target jointly rich error (2.6.5).
 */
public final class ProportionalTransferTheory {
    private ProportionalTransferTheory() {
    }

    /**
     * @param nu1       P1/D (> 0, may be infinite for a population source)
     * @param sigma1    source label noise, relative to the signal standard deviation
     * @param gamma1    source richness
     * @param spike     how the spike is obtained
     * @param alignment target's overlaps with b and g
     * @param target    the target regime (nu2, sigma2, ridge)
     */
    public static Prediction predict(double nu1, double sigma1, double gamma1, SpikeSource spike,
                                     TargetAlignment alignment, TargetRegime target) {
        SourceFit fit = SourceFit.proportional(nu1, sigma1);
        double chi;
        SpikePlane plane;
        if (spike instanceof SpikeSource.Derived derived) {
            chi = derived.rule().chi(gamma1, fit.betaNormSquared(derived.normalisation(), derived.inputDim()));
            plane = fit.spikePlane(chi);
        } else if (spike instanceof SpikeSource.Caption) {
            chi = CaptionConvention.chi(gamma1);
            plane = CaptionConvention.spikePlane(nu1, gamma1);
        } else if (spike instanceof SpikeSource.Explicit explicit) {
            plane = explicit.plane();
            chi = plane.directions().get(0).eigenvalue();
        } else {
            throw new IllegalArgumentException("spike source is required");
        }
        double scratch = FineTuningTheory.scratchError(target);
        double ft = FineTuningTheory.error(target, plane, alignment);
        double jr = FineTuningTheory.jointlyRichLazyError(target.nu2(), target.sigma2(), plane, alignment);
        return new Prediction(fit, chi, plane, fit.alphaEff(alignment), new TransferGain(scratch, ft), jr);
    }

    /**
     * @param sourceFit        |beta_f1|^2/|beta_s|^2 and the learned direction's angles
     * @param chi              the spike as reported: derived or caption chi; for explicit constants the top eigenvalue of S
     * @param spike            the kernel's spike in the (b, g) plane
     * @param alphaEff         u.beta_hat_t
     * @param fineTuning       FT error next to scratch (gain, negative-transfer flag)
     * @param jointlyRichLazy  jointly rich error in the lazy-target limit (ridgeless)
     */
    public record Prediction(SourceFit sourceFit, double chi, SpikePlane spike, double alphaEff,
                             TransferGain fineTuning, double jointlyRichLazy) {
    }
}
