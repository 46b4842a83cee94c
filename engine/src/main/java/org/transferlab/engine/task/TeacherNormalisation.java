package org.transferlab.engine.task;

/**
 * Scale of teacher vectors (THEORY 1.2 and its "scale of the spike" note): unit signal variance
 * (|beta|^2 = D, the default; z = beta.x/sqrt(D) ~ N(0,1)) or unit norm (|beta| = 1, signal variance
 * 1/D, which gives O(1) kernel spikes).
 */
public enum TeacherNormalisation {
    UNIT_SIGNAL_VARIANCE,
    UNIT_NORM;

    public double norm(int inputDim) {
        return Math.sqrt(teacherNormSquared(inputDim));
    }

    /** |beta|^2 for input dimension D. */
    public double teacherNormSquared(int inputDim) {
        if (inputDim <= 0) {
            throw new IllegalArgumentException("inputDim must be > 0, got " + inputDim);
        }
        return this == UNIT_NORM ? 1.0 : inputDim;
    }
}
