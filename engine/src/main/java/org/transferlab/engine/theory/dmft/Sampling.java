package org.transferlab.engine.theory.dmft;

/**
 * How the initial particles are drawn (THEORY 4.A step 1). Both give h(S) ~ N(0, K) per particle;
 * weight space keeps W (M x D) as the state and costs O(M P D) per step, field space keeps
 * H (M x Q) and costs O(M P Q), so AUTO picks weight space when inputs are known and D < Q.
 */
public enum Sampling {
    AUTO,
    WEIGHT_SPACE,
    FIELD_SPACE
}
