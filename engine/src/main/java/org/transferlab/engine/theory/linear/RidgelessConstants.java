package org.transferlab.engine.theory.linear;

/**
 * THEORY 2.6.4's ridgeless form E_FT = c1 - c2 alpha_eff^2 + c3 sigma2^2 for nu2 < 1 and a rank-one spike
 * chi: c1 = 1 - nu2, c2 = (1 - nu2)[1 - 1/(1 + nu2 chi)^2], c3 = nu2/(1 - nu2). (These are the
 * error's constants, not Figure 2a's kernel constants of {@link CaptionConvention}.)
 */
public record RidgelessConstants(double c1, double c2, double c3) {

    public static RidgelessConstants of(double nu2, double chi) {
        if (!(nu2 > 0 && nu2 < 1)) {
            throw new IllegalArgumentException("nu2 must lie in (0, 1) for the ridgeless c1, c2, c3 form, got " + nu2);
        }
        if (!(chi >= -1) || Double.isInfinite(chi)) {
            throw new IllegalArgumentException("chi must be finite and >= -1, got " + chi);
        }
        double shrink = 1 + nu2 * chi;
        return new RidgelessConstants(1 - nu2, (1 - nu2) * (1 - 1 / (shrink * shrink)), nu2 / (1 - nu2));
    }

    public double error(double alphaEff, double sigma2) {
        return c1 - c2 * alphaEff * alphaEff + c3 * sigma2 * sigma2;
    }
}
