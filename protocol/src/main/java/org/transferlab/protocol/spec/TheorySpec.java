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
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TheorySpec(String chi, String teacherNorm, SpikeSpec spike, Integer particles) {
    public static final List<String> CHI_CONVENTIONS = List.of("gradientFlow", "bayes", "caption");
    public static final List<String> TEACHER_NORMS = List.of("unitVariance", "unitNorm");
    /** Independent particle groups of the DMFT solver, whose spread gives its Monte-Carlo error. */
    public static final int PARTICLE_GROUPS = 4;

    /**
     * Kernel I + c2 b b^T + c1 (b g^T + g b^T) + c3 g g^T in the plane of the source direction b and
     * the noise direction g (Figure 2a's caption).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SpikeSpec(Double c1, Double c2, Double c3) {
    }

    TheorySpec withDefaults() {
        return new TheorySpec(chi == null ? "gradientFlow" : chi,
                teacherNorm == null ? "unitVariance" : teacherNorm, spike,
                particles == null ? 2048 : particles);
    }
}
