package org.transferlab.engine.linalg;

/**
 * Hidden-unit nonlinearity phi of the two-layer network (THEORY 1.3).
 *
 * It lives next to the fused passes because those loops are where it is evaluated millions of
 * times per step. The derivative is taken from the output a = phi(h): for both activations
 * phi'(h) is a function of a alone (ReLU: 1[a > 0], linear: 1), which lets a training step keep
 * only phi(H) and reuse the preactivation buffer for the backward pass.
 */
public enum Activation {
    LINEAR,
    RELU;

    public double apply(double h) {
        // Math.max keeps NaN (so divergence is seen) and maps -0.0 to 0.0; unlike a branch on the sign it
        // compiles to a branch-free (vectorisable) instruction: random signs made the branch mispredict.
        return this == RELU ? Math.max(h, 0.0) : h;
    }

    /** phi'(h) expressed through a = phi(h). */
    public double derivativeFromOutput(double a) {
        return this == RELU ? (a > 0 ? 1.0 : 0.0) : 1.0;
    }
}
