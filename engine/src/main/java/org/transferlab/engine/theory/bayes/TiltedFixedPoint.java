package org.transferlab.engine.theory.bayes;

import java.util.function.IntConsumer;
import org.transferlab.engine.kernel.KernelRidge;
import org.transferlab.engine.linalg.Matrix;
import org.transferlab.engine.run.EngineException;
import org.transferlab.protocol.FailureCode;

/**
 * The damped fixed point of THEORY 4.D on a {@link TiltedPopulation} that starts at the prior:
 * a = (Phi + I/beta)^{-1} y; the population's tilt moves towards (gamma, a) as far as half of its
 * effective sample size allows (so gamma is ramped up from 0 adaptively, and a jump of a that the samples
 * cannot follow is taken in parts: backtracking); degenerate units are resampled and moved; then
 * Phi <- (1 - damp) Phi + damp sum_n omega_n phi phi^T. It stops when the tilt has reached (gamma, a) in
 * full and |Phi_new - Phi|_F / |Phi|_F < tolerance.
 */
final class TiltedFixedPoint {
    /**
     * A kernel this many times the prior's (in trace) means the samples are running away: the tilt of
     * the iterate outgrows the Gaussian prior (for ReLU and linear phi the tilt grows like exp(c |h|^2)),
     * so the tilted measure has no normalisation and there is no saddle point to approach.
     */
    static final double RUNAWAY = 1e4;

    /**
     * gamma is raised only once the fixed point at the current gamma has settled to this relative change:
     * the tilt of coefficients a far from the current fixed point (the prior's a, at the start) is not
     * normalisable beyond a gamma of order 1 / |a|, while the path of fixed points stays inside.
     */
    static final double LEVEL_TOLERANCE = 1e-2;

    /** The smallest fraction of the new kernel mixed in when the damped map oscillates. */
    static final double MIN_DAMPING = 1e-2;

    /**
     * Once gamma is reached and the kernel has settled to {@link #LEVEL_TOLERANCE}, the last digits come
     * from reweighting the samples as they are: fresh moves would add Monte-Carlo noise of order
     * 1 / sqrt(S) to a kernel that must settle to the tolerance. Only a collapse below this fraction of
     * effective samples moves them again.
     */
    static final double POLISH_RESAMPLE_BELOW = 0.1;

    private final TiltedPopulation population;
    private final String gammaField;

    /** @param gammaField the spec field that set gamma, named in the errors */
    TiltedFixedPoint(TiltedPopulation population, String gammaField) {
        this.population = population;
        this.gammaField = gammaField;
    }

    /**
     * @param iterationCount receives the iteration under way (progress)
     * @param rejuvenations  how many times the population was resampled and moved (diagnostics)
     */
    record Solution(Matrix kernel, double[] weights, double effectiveSampleSize,
                    int iterations, double relativeChange, int rejuvenations) {
    }

    Solution solve(double[] y, double gamma, double beta, double damping, double tolerance, int maxIterations,
                   IntConsumer iterationCount) {
        int p = y.length;
        Matrix kernel = Matrix.zeros(p, p);
        population.secondMoment(kernel);
        double priorTrace = kernel.trace();
        Matrix next = Matrix.zeros(p, p);
        double change = Double.POSITIVE_INFINITY;
        double damp = damping;
        boolean polishing = false;
        int rejuvenations = 0;
        for (int it = 1; it <= maxIterations; it++) {
            iterationCount.accept(it);
            double[] a = KernelRidge.fit(kernel, y, 1.0 / beta).coefficients();
            double step = population.advance(population.gamma(), a);
            if (step == 1.0 && population.gamma() < gamma && change < LEVEL_TOLERANCE) {
                population.advance(gamma, a);
                change = Double.POSITIVE_INFINITY;   // a new level: no oscillation to compare with
            }
            polishing |= population.gamma() == gamma && change < LEVEL_TOLERANCE;
            if (population.rejuvenateIfDegenerate(polishing ? POLISH_RESAMPLE_BELOW : TiltedPopulation.RESAMPLE_BELOW)) {
                rejuvenations++;
                change = Double.POSITIVE_INFINITY;   // fresh samples: their noise is no oscillation
            }
            population.secondMoment(next);
            // the undamped residual, in units of the requested damping's step; the step actually taken
            // is halved while the residual grows (the damped map oscillates) and recovers while it shrinks
            double diff = 0;
            double norm = 0;
            double[] k = kernel.data();
            double[] nx = next.data();
            for (int i = 0; i < k.length; i++) {
                diff += (nx[i] - k[i]) * (nx[i] - k[i]);
                norm += k[i] * k[i];
            }
            double residual = damping * Math.sqrt(diff / norm);
            damp = residual > change ? Math.max(MIN_DAMPING, 0.5 * damp) : Math.min(damping, 1.05 * damp);
            for (int i = 0; i < k.length; i++) {
                k[i] += damp * (nx[i] - k[i]);
            }
            change = residual;
            if (!Double.isFinite(change)) {
                throw new EngineException(FailureCode.NAN_DETECTED,
                        "Bayesian saddle: kernel became non-finite at iteration " + it);
            }
            if (!(kernel.trace() < RUNAWAY * priorTrace)) {
                throw new EngineException(FailureCode.NON_CONVERGED, String.format(
                        "Bayesian saddle: the tilted samples ran away at gamma = %.4g on the way to %s = %.4g (kernel"
                                + " trace %.3g times the prior's): the tilt exp((gamma^2/2)(a.phi)^2) of the iterate"
                                + " outgrows the Gaussian prior, so there is no saddle point at this %s; lower it below"
                                + " %.4g", population.gamma(), gammaField, gamma, kernel.trace() / priorTrace,
                        gammaField, population.gamma()));
            }
            if (step == 1.0 && population.gamma() == gamma && change < tolerance) {
                double[] aFinal = KernelRidge.fit(kernel, y, 1.0 / beta).coefficients();
                population.advance(gamma, aFinal);
                double[] w = population.weights();
                double sumSq = 0;
                for (double wi : w) {
                    sumSq += wi * wi;
                }
                return new Solution(kernel, w, 1.0 / sumSq, it, change, rejuvenations);
            }
        }
        throw new EngineException(FailureCode.NON_CONVERGED, String.format(
                "Bayesian saddle: relative change %.3g still above %.3g after %d iterations, with the tilt at gamma"
                        + " = %.4g of %s = %.4g; lower %s or raise the samples", change, tolerance, maxIterations,
                population.gamma(), gammaField, gamma, gammaField));
    }
}
