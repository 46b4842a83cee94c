package org.transferlab.protocol.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * Choices the theory leaves open (the "[G]" items of docs/theory.md, THEORY 5), exposed instead of hard-wired.
 *
 * @param chi         gradientFlow: chi = sqrt(1 + gamma^2 |beta_f|^2) - 1 (derived, default);
 *                    bayes: chi_B (1 + chi_B) = gamma^2 |beta_f|^2;
 *                    caption: Figure 2a's chi = sqrt(1 - gamma1^2) - 1 with its c1, c2, c3
 * @param teacherNorm unitVariance (|beta|^2 = D, default) or unitNorm (|beta|^2 = 1)
 * @param spike       explicit spike constants (c1, c2, c3) of the fine-tuning kernel; overrides chi
 * @param particles   ReLU theory: particles M of the DMFT solver (Monte-Carlo error ~ 1/sqrt(M)), a
 *                    multiple of its {@value #PARTICLE_GROUPS} independent groups
 * @param particleDraw ReLU theory: how the particles' initial first-layer weights are drawn within a
 *                    group: iid (default), antithetic (pairs w, -w), orthogonal (orthogonal blocks
 *                    with chi lengths) or orthogonalAntithetic (those blocks and their negatives);
 *                    every particle is N(0, I) and the groups independent either way, so the limit and
 *                    the error bar's meaning are the same, the error different (docs/methods.md)
 * @param bayes       settings of the {@code bayes} method's saddle point
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TheorySpec(String chi, String teacherNorm, SpikeSpec spike, Integer particles, String particleDraw,
                         BayesSpec bayes) {
    public static final List<String> CHI_CONVENTIONS = List.of("gradientFlow", "bayes", "caption");
    public static final List<String> TEACHER_NORMS = List.of("unitVariance", "unitNorm");
    public static final List<String> PARTICLE_DRAWS = List.of("iid", "antithetic", "orthogonal", "orthogonalAntithetic");
    public static final String DEFAULT_PARTICLE_DRAW = "iid";
    /** Independent particle groups of the DMFT solver, whose spread gives its Monte-Carlo error. */
    public static final int PARTICLE_GROUPS = 4;

    /**
     * Kernel I + c2 b b^T + c1 (b g^T + g b^T) + c3 g g^T in the plane of the source direction b and
     * the noise direction g (Figure 2a's caption).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SpikeSpec(Double c1, Double c2, Double c3) {
    }

    /**
     * The Bayesian posterior of the {@code bayes} method (THEORY 2.5.2, 4.D): prior precision 1 on both
     * layers, likelihood exp(-(beta N gamma^2/2) sum (f - y)^2).
     *
     * @param beta               inverse temperature; the posterior mean is kernel regression with ridge
     *                           1/beta (default 1000, the authors' stand-in for beta = infinity)
     * @param samples            S Gaussian prior samples of the importance-weighted averages (Monte-Carlo
     *                           error ~ 1/sqrt(effective sample size))
     * @param conditionalSamples R target samples per source sample of the transfer saddle (its
     *                           self-normalisation within R has a bias of order 1/R)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BayesSpec(Double beta, Integer samples, Integer conditionalSamples) {
        BayesSpec withDefaults() {
            return new BayesSpec(beta == null ? 1000.0 : beta, samples == null ? 8192 : samples,
                    conditionalSamples == null ? 8 : conditionalSamples);
        }
    }

    /** The particle draw asked for, or the default. */
    public String particleDrawOrDefault() {
        return particleDraw == null ? DEFAULT_PARTICLE_DRAW : particleDraw;
    }

    /**
     * @param bayesMethod whether the spec asks for the {@code bayes} method: only then are its settings
     *                    defaulted, so that the ids of specs without it stay what they were
     */
    TheorySpec withDefaults(boolean bayesMethod) {
        return new TheorySpec(chi == null ? "gradientFlow" : chi,
                teacherNorm == null ? "unitVariance" : teacherNorm, spike,
                particles == null ? 2048 : particles,
                // absent when the default: ids of specs predating the field hold
                DEFAULT_PARTICLE_DRAW.equals(particleDraw) ? null : particleDraw,
                bayesMethod ? (bayes == null ? new BayesSpec(null, null, null) : bayes).withDefaults() : bayes);
    }
}
