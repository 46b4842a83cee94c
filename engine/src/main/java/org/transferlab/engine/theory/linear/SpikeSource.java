package org.transferlab.engine.theory.linear;

import org.transferlab.engine.task.TeacherNormalisation;

/** Where the source kernel's spike in the proportional-limit theory comes from. */
public sealed interface SpikeSource {

    /** The derived spike chi(gamma1, |beta_f1|^2) along the learned direction (THEORY 2.6.2, default). */
    record Derived(SpikeRule rule, TeacherNormalisation normalisation, int inputDim) implements SpikeSource {
        public Derived {
            if (rule == null || normalisation == null) {
                throw new IllegalArgumentException("rule and normalisation are required");
            }
            normalisation.teacherNormSquared(inputDim);
        }
    }

    /** Figure 2a's caption constants (see {@link CaptionConvention}). */
    record Caption() implements SpikeSource {
    }

    /** User-given (c1, c2, c3); gamma1 is then not used for the spike. */
    record Explicit(SpikePlane plane) implements SpikeSource {
        public Explicit {
            if (plane == null) {
                throw new IllegalArgumentException("plane is required");
            }
        }
    }
}
