package org.transferlab.engine.theory.bayes;

import org.transferlab.engine.linalg.Activation;
import org.transferlab.engine.linalg.Blas;
import org.transferlab.engine.linalg.Matrix;
import org.transferlab.engine.run.CancellationToken;
import org.transferlab.engine.run.EngineException;
import org.transferlab.engine.run.ProgressSink;
import org.transferlab.engine.kernel.KernelAlignment;
import org.transferlab.engine.theory.dmft.Pacer;
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
     * @param kernel     input kernel K (n x n) over [train points | test points]
     * @param y          labels of the first {@code y.length} = P points
     * @param testLabels labels of the other n - P points, or an empty array
     */
    public static SaddleResult solve(Matrix kernel, double[] y, double[] testLabels, SaddleSpec spec,
                                     ProgressSink progress, CancellationToken cancel) {
        return solveWithSamples(kernel, y, testLabels, spec, progress, cancel).result();
    }

    /** The saddle together with its samples and final weights, for the transfer extension to build on. */
    record Weighted(SaddleResult result, SampleBank bank, double[] weights) {
    }

    static Weighted solveWithSamples(Matrix kernel, double[] y, double[] testLabels, SaddleSpec spec,
                                     ProgressSink progress, CancellationToken cancel) {
        int n = kernel.rows();
        int p = y.length;
        int pt = n - p;
        if (kernel.cols() != n || p == 0 || pt < 0 || (testLabels.length != 0 && testLabels.length != pt)) {
            throw new EngineException(FailureCode.INVALID_SPEC, "Bayesian saddle: a " + kernel.rows() + "x"
                    + kernel.cols() + " kernel does not fit " + p + " labels and " + testLabels.length + " test labels");
        }
        Activation act = spec.activation();
        int s = spec.samples();
        SampleBank bank = new SampleBank(kernel, s, spec.seed());
        Matrix phi = Matrix.zeros(s, p);
        for (int c = 0; c < bank.chunks(); c++) {
            cancel.throwIfCancelled();
            Matrix h = bank.chunk(c);
            int base = c * SampleBank.CHUNK;
            for (int r = 0; r < h.rows(); r++) {
                for (int j = 0; j < p; j++) {
                    phi.set(base + r, j, act.apply(h.get(r, j)));
                }
            }
        }
        Pacer pacer = new Pacer("Bayesian saddle", progress, cancel);
        TiltedFixedPoint.Solution sol = new TiltedFixedPoint(phi, s, new double[] {1.0}, pacer)
                .solve(y, spec.gamma(), spec.beta(), spec.damping(), spec.tolerance(), spec.maxIterations());

        // Phi(x*, X) with the same weights: replay the joint samples, all columns this time, in groups
        // whose spread is the Monte-Carlo error of the test loss
        double[] w = sol.weights();
        SampleGroups groups = new SampleGroups(s, 1, n, p);
        for (int c = 0; c < bank.chunks(); c++) {
            cancel.throwIfCancelled();
            Matrix h = bank.chunk(c);
            int rows = h.rows();
            int base = c * SampleBank.CHUNK;
            Matrix weighted = Matrix.zeros(rows, n);
            for (int r = 0; r < rows; r++) {
                double wr = w[base + r];
                for (int j = 0; j < n; j++) {
                    weighted.set(r, j, wr * act.apply(h.get(r, j)));
                }
            }
            groups.add(base, weighted, phi.rowRange(base, base + rows), w);
        }
        Matrix testKernel = groups.total().rowRange(p, n);
        double[] pred = new double[pt];
        Blas.gemv(false, 1.0, testKernel, sol.coefficients(), 0.0, pred);
        progress.report("Bayesian saddle", 1.0);
        SaddleResult result = new SaddleResult(sol.kernel(), testKernel, sol.coefficients(), pred,
                mse(pred, testLabels), groups.lossStdErr(y, testLabels, 1.0 / spec.beta()),
                trainMse(sol.kernel(), sol.coefficients(), y), sol.effectiveSampleSize(), s, sol.iterations(),
                sol.relativeChange(), KernelAlignment.of(sol.kernel(), y));
        return new Weighted(result, bank, w);
    }

    /** MSE of the posterior mean Phi a on the points it was fitted to. */
    static double trainMse(Matrix kernel, double[] coefficients, double[] y) {
        double[] f = new double[y.length];
        Blas.gemv(false, 1.0, kernel, coefficients, 0.0, f);
        return mse(f, y);
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
