package org.transferlab.engine.theory.bayes;

import java.util.Arrays;
import org.transferlab.engine.kernel.KernelRidge;
import org.transferlab.engine.linalg.Blas;
import org.transferlab.engine.linalg.Matrix;
import org.transferlab.engine.run.EngineException;
import org.transferlab.engine.theory.dmft.Pacer;
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

    private final Matrix phi;
    private final int rows;
    private final int p;
    private final int groupSize;
    private final double[] baseWeights;   // one per group, sums to 1
    private final double[] z;
    private final double[] weights;
    private final Matrix scaledChunk;
    private final Matrix scaledTail;
    private final Pacer pacer;
    private int maxIterations;
    private int iteration;

    TiltedFixedPoint(Matrix phi, int groupSize, double[] baseWeights, Pacer pacer) {
        this.phi = phi;
        this.rows = phi.rows();
        this.p = phi.cols();
        this.groupSize = groupSize;
        this.baseWeights = baseWeights;
        this.pacer = pacer;
        this.z = new double[rows];
        this.weights = new double[rows];
        this.scaledChunk = Matrix.zeros(Math.min(SampleBank.CHUNK, rows), p);
        this.scaledTail = Matrix.zeros(rows % SampleBank.CHUNK, p);
    }

    record Solution(Matrix kernel, double[] coefficients, double[] weights, double effectiveSampleSize,
                    int iterations, double relativeChange) {
    }

    Solution solve(double[] y, double gamma, double beta, double damping, double tolerance, int maxIterations) {
        this.maxIterations = maxIterations;
        Matrix kernel = Matrix.zeros(p, p);
        for (int n = 0; n < rows; n++) {
            weights[n] = baseWeights[n / groupSize] / groupSize;
        }
        weightedSecondMoment(kernel);
        Matrix next = Matrix.zeros(p, p);
        double change = Double.NaN;
        for (int it = 1; it <= maxIterations; it++) {
            iteration = it;
            double[] a = KernelRidge.fit(kernel, y, 1.0 / beta).coefficients();
            tilt(a, gamma);
            weightedSecondMoment(next);
            double diff = 0;
            double norm = 0;
            double[] k = kernel.data();
            double[] nx = next.data();
            for (int i = 0; i < k.length; i++) {
                double updated = (1 - damping) * k[i] + damping * nx[i];
                diff += (updated - k[i]) * (updated - k[i]);
                norm += k[i] * k[i];
                k[i] = updated;
            }
            change = Math.sqrt(diff / norm);
            if (!Double.isFinite(change)) {
                throw new EngineException(FailureCode.NAN_DETECTED,
                        "Bayesian saddle: kernel became non-finite at iteration " + it);
            }
            if (change < tolerance) {
                double[] aFinal = KernelRidge.fit(kernel, y, 1.0 / beta).coefficients();
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
        Blas.gemv(false, 1.0, phi, a, 0.0, z);
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
    private void weightedSecondMoment(Matrix out) {
        Arrays.fill(out.data(), 0.0);
        double[] src = phi.data();
        for (int start = 0; start < rows; start += SampleBank.CHUNK) {
            pacer.poll(iteration, maxIterations);   // a pass over S samples can take seconds: poll per chunk
            int r = Math.min(SampleBank.CHUNK, rows - start);
            Matrix scaled = r == scaledChunk.rows() ? scaledChunk : scaledTail;
            double[] dst = scaled.data();
            for (int n = 0; n < r; n++) {
                double s = Math.sqrt(weights[start + n]);
                int from = (start + n) * p;
                for (int j = 0; j < p; j++) {
                    dst[n * p + j] = s * src[from + j];
                }
            }
            Blas.gemm(true, false, 1.0, scaled, scaled, 1.0, out);
        }
    }
}
