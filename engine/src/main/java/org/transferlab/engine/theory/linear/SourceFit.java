package org.transferlab.engine.theory.linear;

import org.transferlab.engine.task.TeacherNormalisation;

/**
 * Proportional-limit (D, P1 -> infinity, nu1 = P1/D fixed) statistics of the source fit of a linear
 * network trained by gradient flow without weight decay: beta_f1 = sqrt(D) X1^+ y1, the min-norm
 * interpolant, with y1 = X1 beta_s/sqrt(D) + sigma1 |beta_s|/sqrt(D) eps (sigma1 is the noise standard
 * deviation relative to the teacher's signal standard deviation; it is the plain sigma_1 of THEORY 1.2
 * under unit signal variance).
 *
 * <p>Derivation (THEORY 2.6.3, leading order in D; b = beta_s/|beta_s|). Write beta_f1/|beta_s| as a
 * component along b plus a component orthogonal to b; the unit vector of the latter is the "noise
 * direction" g, and the learned direction is u = cos(theta) b + sin(theta) g.
 * <ul>
 *   <li>nu1 < 1: beta_f1 = Pi_1 beta_s + noise, Pi_1 the projector on the row space of X1, a uniformly
 *   random nu1 D-dimensional subspace. Hence b.Pi_1 b = |Pi_1 b|^2 = nu1 and Pi_1 b = nu1 b +
 *   sqrt(nu1 (1 - nu1)) g_span, g_span a unit vector in the data span orthogonal to b. The label-noise
 *   part sqrt(D) sigma X1^+ eps has squared norm sigma^2 |beta_s|^2 tr((X1 X1^T)^{-1}) D/D =
 *   sigma^2 |beta_s|^2 nu1/(1 - nu1) (Marchenko-Pastur E[1/s] = 1/(1 - nu1)); given X1 it is a centred
 *   Gaussian vector independent of eps, so its overlaps with b and g_span are O(1/sqrt D). So
 *   |beta_f1|^2/|beta_s|^2 = nu1 + sigma^2 nu1/(1 - nu1), the along-b part is nu1, and the orthogonal
 *   part has squared length nu1 (1 - nu1) + sigma^2 nu1/(1 - nu1): g is the normalised sum of the
 *   in-span direction g_span and the label-noise direction. Noiseless, u = sqrt(nu1) b + sqrt(1 - nu1) g.</li>
 *   <li>nu1 > 1: X1 has full column rank, beta_f1 = beta_s + sqrt(D) sigma (X1^T X1)^{-1} X1^T eps; the
 *   noise part has squared norm sigma^2 |beta_s|^2 tr(Sigma_hat^{-1})/D = sigma^2 |beta_s|^2/(nu1 - 1)
 *   and is again orthogonal to b at leading order. So g is purely the label-noise direction; without
 *   source noise there is no noise direction (sin(theta) = 0) and alphaG has no effect.</li>
 *   <li>nu1 = infinity (population source): beta_f1 = beta_s.</li>
 * </ul>
 * The effective alignment is alpha_eff = u.beta_hat_t = alphaS cos(theta) + alphaG sin(theta)
 * (e is orthogonal to the plane), which reduces to THEORY's alpha_eff^2 = alphaS^2 nu1/(1 + sigma^2/(1 - nu1))
 * and alphaS^2/(1 + sigma^2/(nu1 - 1)) when alphaG = 0.
 *
 * @param nu1              source samples per input dimension, P1/D (> 0, may be infinite)
 * @param sigma1           source label noise relative to the signal standard deviation (>= 0)
 * @param normSquaredRatio |beta_f1|^2/|beta_s|^2
 * @param cosTheta         b.u, the source direction's share of the learned direction
 * @param sinTheta         g.u, the noise direction's share (>= 0 by the choice of g's sign)
 */
public record SourceFit(double nu1, double sigma1, double normSquaredRatio, double cosTheta, double sinTheta) {

    /** The leading-order statistics for source data ratio nu1 and source label noise sigma1. */
    public static SourceFit proportional(double nu1, double sigma1) {
        if (!(nu1 > 0)) {
            throw new IllegalArgumentException("nu1 = P1/D must be > 0, got " + nu1);
        }
        if (!(sigma1 >= 0) || Double.isInfinite(sigma1)) {
            throw new IllegalArgumentException("sigma1 must be finite and >= 0, got " + sigma1);
        }
        double noise2 = sigma1 * sigma1;
        if (nu1 == 1 && noise2 > 0) {
            throw new IllegalArgumentException("nu1 = 1 with sigma1 > 0: the interpolant's norm diverges "
                    + "(Marchenko-Pastur E[1/s] is infinite at nu1 = 1); use nu1 != 1");
        }
        double along;
        double orthogonal2;
        if (nu1 <= 1) {
            along = nu1;
            orthogonal2 = nu1 * (1 - nu1) + (noise2 == 0 ? 0 : noise2 * nu1 / (1 - nu1));
        } else {
            along = 1;
            orthogonal2 = noise2 == 0 ? 0 : noise2 / (nu1 - 1);
        }
        double norm2 = along * along + orthogonal2;
        double norm = Math.sqrt(norm2);
        return new SourceFit(nu1, sigma1, norm2, along / norm, Math.sqrt(orthogonal2) / norm);
    }

    /** |beta_f1|^2 in absolute units, for a teacher normalised as given in input dimension D. */
    public double betaNormSquared(TeacherNormalisation normalisation, int inputDim) {
        return normSquaredRatio * normalisation.teacherNormSquared(inputDim);
    }

    /** alpha_eff = u.beta_hat_t (see the class comment). */
    public double alphaEff(TargetAlignment alignment) {
        return alignment.alphaS() * cosTheta + alignment.alphaG() * sinTheta;
    }

    /** The rank-one spike chi u u^T written in the (b, g) plane. */
    public SpikePlane spikePlane(double chi) {
        return SpikePlane.rankOne(chi, cosTheta, sinTheta);
    }
}
