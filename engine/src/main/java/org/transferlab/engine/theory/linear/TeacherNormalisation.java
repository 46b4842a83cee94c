package org.transferlab.engine.theory.linear;

/**
 * How the source teacher is normalised (THEORY "Scale of the spike"). The spike chi depends on the
 * absolute size |beta_f1|^2, so the same task has an O(sqrt D) spike under unit signal variance and an
 * O(1) spike under unit norm. Label noise and errors are always measured relative to the teacher's
 * signal variance, so only the spike changes with this choice.
 */
public enum TeacherNormalisation {
    /** |beta|^2 = D, so that beta.x/sqrt(D) has unit variance (THEORY 1.2 default). */
    UNIT_SIGNAL_VARIANCE,
    /** |beta|^2 = 1. */
    UNIT_NORM;

    /** |beta_s|^2 for input dimension D. */
    public double teacherNormSquared(int inputDim) {
        if (inputDim <= 0) {
            throw new IllegalArgumentException("inputDim must be > 0, got " + inputDim);
        }
        return this == UNIT_SIGNAL_VARIANCE ? inputDim : 1.0;
    }
}
