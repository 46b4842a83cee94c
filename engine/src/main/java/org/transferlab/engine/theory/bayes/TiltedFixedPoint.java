package org.transferlab.engine.theory.bayes;

import java.util.Arrays;
import org.transferlab.engine.run.EngineException;
import org.transferlab.engine.theory.dmft.Pacer;
import org.transferlab.engine.theory.dmft.RowMajor;
import org.transferlab.engine.theory.dmft.SpdSolve;
import org.transferlab.protocol.FailureCode;

/**
 * The damped fixed point of THEORY 4.D on stored samples phi^(n) (N x P):
 * a = (Phi + I/beta)^{-1} y, log omega_n = log base_n + (gamma^2/2)(a . phi^(n))^2 normalised by
 * log-sum-exp within consecutive groups of {@code groupSize} rows (one group for a single task, the
 * R conditional samples of one source particle for a transfer), Phi <- (1 - damp) Phi + damp
 * sum_n omega_n phi phi^T, until |Phi_new - Phi|_F / |Phi|_F < tolerance.
 */
final class TiltedFixedPoint {
    /** Below this fraction of the samples the importance weights are noise, not a kernel. */
    static final double MIN_ESS_FRACTION = 0.01;

    private final double[] phi;
    private final int rows;
    private final int p;
    private final int groupSize;
    private final double[] baseWeights;   // one per group, sums to 1
    private final double[] z;
    private final double[] weights;
    private final double[] scaled;
    private final Pacer pacer;
    private int maxIterations;
    private int iteration;

    TiltedFixedPoint(double[] phi, int rows, int p, int groupSize, double[] baseWeights, Pacer pacer) {
        this.pacer = pacer;
        this.phi = phi;
        this.rows = rows;
        this.p = p;
        this.groupSize = groupSize;
        this.baseWeights = baseWeights;
        this.z = new double[rows];
        this.weights = new double[rows];
        this.scaled = new double[SampleBank.CHUNK * p];
    }

    record Solution(double[] kernel, double[] coefficients, double[] weights, double effectiveSampleSize,
                    int iterations, double relativeChange) {
    }

    Solution solve(double[] y, double gamma, double beta, double damping, double tolerance, int maxIterations) {
        this.maxIterations = maxIterations;
        double[] kernel = new double[p * p];
        Arrays.fill(weights, 0.0);
        for (int n = 0; n < rows; n++) {
            weights[n] = baseWeights[n / groupSize] / groupSize;
        }
        weightedSecondMoment(kernel);
        double[] next = new double[p * p];
        double change = Double.NaN;
        for (int it = 1; it <= maxIterations; it++) {
            iteration = it;
            double[] a = SpdSolve.solve(kernel, p, 1.0 / beta, y);
            double ess = tilt(a, gamma);
            weightedSecondMoment(next);
            double diff = 0;
            double norm = 0;
            for (int i = 0; i < next.length; i++) {
                double updated = (1 - damping) * kernel[i] + damping * next[i];
                diff += (updated - kernel[i]) * (updated - kernel[i]);
                norm += kernel[i] * kernel[i];
                kernel[i] = updated;
            }
            change = Math.sqrt(diff / norm);
            if (!Double.isFinite(change)) {
                throw new EngineException(FailureCode.NAN_DETECTED, "Bayesian saddle: kernel became non-finite at iteration " + it);
            }
            if (change < tolerance) {
                double[] aFinal = SpdSolve.solve(kernel, p, 1.0 / beta, y);
                double essFinal = tilt(aFinal, gamma);
                return new Solution(kernel, aFinal, weights.clone(), essFinal, it, change);
            }
        }
        throw new EngineException(FailureCode.NON_CONVERGED, String.format(
                "Bayesian saddle: relative change %.3g still above %.3g after %d iterations", change, tolerance,
                maxIterations));
    }

    /** Sets the importance weights for coefficients a and returns their effective sample size. */
    private double tilt(double[] a, double gamma) {
        RowMajor.gemv(rows, p, 1.0, phi, 0, p, a, 0, 0.0, z, 0);
        double half = 0.5 * gamma * gamma;
        for (int start = 0; start < rows; start += groupSize) {
            double max = Double.NEGATIVE_INFINITY;
            for (int n = start; n < start + groupSize; n++) {
                z[n] = half * z[n] * z[n];
                max = Math.max(max, z[n]);
            }
            double sum = 0;
            for (int n = start; n < start + groupSize; n++) {
                weights[n] = Math.exp(z[n] - max);
                sum += weights[n];
            }
            double base = baseWeights[start / groupSize];
            for (int n = start; n < start + groupSize; n++) {
                weights[n] *= base / sum;
            }
        }
        double sumSq = 0;
        for (double w : weights) {
            sumSq += w * w;
        }
        double ess = 1.0 / sumSq;
        if (!(ess >= MIN_ESS_FRACTION * rows)) {
            throw new EngineException(FailureCode.NON_CONVERGED, String.format(
                    "Bayesian saddle: importance weights collapsed, effective sample size %.1f of %d samples"
                            + " (below %.0f%%); gamma is too large for this many samples", ess, rows,
                    100 * MIN_ESS_FRACTION));
        }
        return ess;
    }

    /** out = sum_n weights_n phi^(n) phi^(n)^T, chunk by chunk through sqrt(weight)-scaled rows. */
    private void weightedSecondMoment(double[] out) {
        Arrays.fill(out, 0.0);
        for (int start = 0; start < rows; start += SampleBank.CHUNK) {
            pacer.poll(iteration, maxIterations);   // a pass over S samples can take seconds: poll per chunk
            int r = Math.min(SampleBank.CHUNK, rows - start);
            for (int n = 0; n < r; n++) {
                double s = Math.sqrt(weights[start + n]);
                int src = (start + n) * p;
                for (int j = 0; j < p; j++) {
                    scaled[n * p + j] = s * phi[src + j];
                }
            }
            RowMajor.gemm(true, false, p, p, r, 1.0, scaled, 0, p, scaled, 0, p, 1.0, out, 0, p);
        }
    }
}
