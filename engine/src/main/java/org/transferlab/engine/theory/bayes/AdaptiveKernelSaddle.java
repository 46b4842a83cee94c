package org.transferlab.engine.theory.bayes;

import org.transferlab.engine.run.CancellationToken;
import org.transferlab.engine.run.EngineException;
import org.transferlab.engine.run.ProgressSink;
import org.transferlab.engine.theory.dmft.Activation;
import org.transferlab.engine.theory.dmft.KernelAlignment;
import org.transferlab.engine.theory.dmft.Pacer;
import org.transferlab.engine.theory.dmft.RowMajor;
import org.transferlab.protocol.FailureCode;

/**
 * The single-task Bayesian saddle point (THEORY 2.5.2, 4.D): the posterior of an infinitely wide
 * two-layer network is kernel regression with an adapted kernel Phi = E_tilted[phi(h) phi(h)^T],
 * the tilt exp((gamma^2/2)(a . phi(h))^2) of the prior h ~ N(0, K_X) by a = (Phi + I/beta)^{-1} y.
 * Solved by importance-weighted Monte Carlo on S prior samples and the damped fixed point.
 */
public final class AdaptiveKernelSaddle {
    private AdaptiveKernelSaddle() {
    }

    /**
     * @param kernel     input kernel K (n x n row-major) over [train points | test points]
     * @param n          number of points
     * @param y          labels of the first {@code y.length} = P points
     * @param testLabels labels of the other n - P points, or an empty array
     */
    public static SaddleResult solve(double[] kernel, int n, double[] y, double[] testLabels, SaddleSpec spec,
                                     ProgressSink progress, CancellationToken cancel) {
        return solveWithSamples(kernel, n, y, testLabels, spec, progress, cancel).result();
    }

    /** The saddle together with its samples and final weights, for the transfer extension to build on. */
    record Weighted(SaddleResult result, SampleBank bank, double[] weights) {
    }

    static Weighted solveWithSamples(double[] kernel, int n, double[] y, double[] testLabels, SaddleSpec spec,
                                     ProgressSink progress, CancellationToken cancel) {
        int p = y.length;
        int pt = n - p;
        if (kernel.length != n * n || p == 0 || pt < 0 || (testLabels.length != 0 && testLabels.length != pt)) {
            throw new EngineException(FailureCode.INVALID_SPEC, "Bayesian saddle: kernel of " + kernel.length
                    + " entries does not fit " + n + " points, " + p + " labels and " + testLabels.length + " test labels");
        }
        Activation act = spec.activation();
        int s = spec.samples();
        SampleBank bank = new SampleBank(kernel, n, s, spec.seed());
        double[] h = new double[SampleBank.CHUNK * n];
        double[] phi = new double[s * p];
        for (int c = 0; c < bank.chunks(); c++) {
            cancel.throwIfCancelled();
            bank.fill(c, 1.0, h);
            int rows = bank.rows(c);
            int base = c * SampleBank.CHUNK;
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < p; j++) {
                    phi[(base + r) * p + j] = act.apply(h[r * n + j]);
                }
            }
        }
        Pacer pacer = new Pacer("Bayesian saddle", progress, cancel);
        TiltedFixedPoint.Solution sol = new TiltedFixedPoint(phi, s, p, s, new double[] {1.0}, pacer)
                .solve(y, spec.gamma(), spec.beta(), spec.damping(), spec.tolerance(), spec.maxIterations());

        // Phi(x*, X) with the same weights: replay the joint samples, keep the test columns this time
        double[] testKernel = new double[pt * p];
        double[] phiTest = new double[SampleBank.CHUNK * pt];
        double[] w = sol.weights();
        for (int c = 0; c < bank.chunks() && pt > 0; c++) {
            cancel.throwIfCancelled();
            bank.fill(c, 1.0, h);
            int rows = bank.rows(c);
            int base = c * SampleBank.CHUNK;
            for (int r = 0; r < rows; r++) {
                double wr = w[base + r];
                for (int j = 0; j < pt; j++) {
                    phiTest[r * pt + j] = wr * act.apply(h[r * n + p + j]);
                }
            }
            RowMajor.gemm(true, false, pt, p, rows, 1.0, phiTest, 0, pt, phi, base * p, p, 1.0, testKernel, 0, p);
        }
        double[] pred = new double[pt];
        RowMajor.gemv(pt, p, 1.0, testKernel, 0, p, sol.coefficients(), 0, 0.0, pred, 0);
        progress.report("Bayesian saddle", 1.0);
        SaddleResult result = new SaddleResult(sol.kernel(), testKernel, sol.coefficients(), pred,
                mse(pred, testLabels), sol.effectiveSampleSize(), s, sol.iterations(), sol.relativeChange(),
                KernelAlignment.of(sol.kernel(), y));
        return new Weighted(result, bank, w);
    }

    static double mse(double[] f, double[] y) {
        if (y.length == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (int i = 0; i < y.length; i++) {
            sum += (f[i] - y[i]) * (f[i] - y[i]);
        }
        return sum / y.length;
    }
}
