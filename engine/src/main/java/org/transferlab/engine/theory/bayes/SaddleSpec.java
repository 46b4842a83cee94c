package org.transferlab.engine.theory.bayes;

import org.transferlab.engine.run.EngineException;
import org.transferlab.engine.linalg.Activation;
import org.transferlab.protocol.FailureCode;

/**
 * Settings of the Bayesian adaptive-kernel saddle point (THEORY 2.5.2, 4.D).
 *
 * @param gamma         richness of the posterior (the tilt is exp((gamma^2/2)(a . phi)^2))
 * @param beta          inverse temperature; the predictor uses (Phi + I/beta)^{-1}
 * @param samples       S samples of the tilted measure (sequential Monte Carlo population)
 * @param damping       fraction of the new kernel mixed in per iteration, in (0, 1]
 * @param tolerance     stop when |Phi_new - Phi|_F / |Phi|_F falls below it
 * @param maxIterations NON_CONVERGED beyond this
 * @param seed          all samples derive from it
 * @param activation    phi
 * @param gammaField    the spec field gamma came from ("source.gamma", "target.gamma"), named when the
 *                      saddle cannot be reached
 */
public record SaddleSpec(double gamma, double beta, int samples, double damping, double tolerance,
                         int maxIterations, long seed, Activation activation, String gammaField) {
    public SaddleSpec {
        require(gamma >= 0 && Double.isFinite(gamma), "gamma", gamma);
        require(beta > 0, "beta", beta);
        require(samples >= 100, "samples", samples);
        require(damping > 0 && damping <= 1, "damping", damping);
        require(tolerance > 0, "tolerance", tolerance);
        require(maxIterations >= 1, "maxIterations", maxIterations);
    }

    private static void require(boolean ok, String field, double value) {
        if (!ok) {
            throw new EngineException(FailureCode.INVALID_SPEC, field + " = " + value + " is out of range");
        }
    }

    /**
     * The damped fixed point of THEORY 4.D: at most half of the new kernel per iteration, stop when half
     * of the residual is below 1e-4 of the kernel, at most 5000 iterations.
     */
    public static final double DAMPING = 0.5;
    public static final double TOLERANCE = 1e-4;
    public static final int MAX_ITERATIONS = 5000;

    /** ReLU for target.gamma with beta = 1000 (the authors' stand-in for beta = infinity) and the fixed point above. */
    public static SaddleSpec relu(double gamma, int samples, long seed) {
        return new SaddleSpec(gamma, 1000.0, samples, DAMPING, TOLERANCE, MAX_ITERATIONS, seed, Activation.RELU,
                "target.gamma");
    }
}
