package org.transferlab.engine.theory.bayes;

import java.util.Arrays;
import org.transferlab.engine.run.CancellationToken;
import org.transferlab.engine.run.EngineException;
import org.transferlab.engine.run.ProgressSink;
import org.transferlab.engine.theory.dmft.Activation;
import org.transferlab.engine.theory.dmft.GaussianSampler;
import org.transferlab.engine.theory.dmft.KernelAlignment;
import org.transferlab.engine.theory.dmft.KernelSquareRoot;
import org.transferlab.engine.theory.dmft.Pacer;
import org.transferlab.engine.theory.dmft.RowMajor;
import org.transferlab.engine.theory.dmft.SpdSolve;
import org.transferlab.protocol.FailureCode;

/**
 * Bayesian transfer saddle (THEORY 2.5.2, 4.D step 4). The target posterior is conditional on the
 * source weights, so every source sample h1^(s) (weight omega1_s from the source saddle) carries R
 * conditional target samples h2 ~ N(a h1, b K) on [X2 | test], tilted by
 * exp((gamma2^2/2)(a2 . phi(h2(X2)))^2) and normalised within s:
 * Phi_2 = sum_s omega1_s sum_r omega2_{r|s} phi phi^T, iterated to a damped fixed point in a2.
 */
public final class BayesTransferSaddle {
    private BayesTransferSaddle() {
    }

    /**
     * @param kernel     input kernel K (n x n row-major) over [X1 (P1) | X2 (P2) | test]
     * @param y1         source labels (P1)
     * @param y2         target labels (P2)
     * @param testLabels target labels on the test points, or an empty array
     */
    public static TransferSaddleResult solve(double[] kernel, int n, double[] y1, double[] y2, double[] testLabels,
                                             TransferSaddleSpec spec, ProgressSink progress, CancellationToken cancel) {
        int p1 = y1.length;
        int p2 = y2.length;
        int t = n - p1;            // target points T = X2 + test
        int pt = t - p2;
        if (kernel.length != n * n || p2 == 0 || pt < 0 || (testLabels.length != 0 && testLabels.length != pt)) {
            throw new EngineException(FailureCode.INVALID_SPEC, "Bayesian transfer: kernel of " + kernel.length
                    + " entries does not fit " + n + " points with P1 = " + p1 + ", P2 = " + p2);
        }
        SaddleSpec src = spec.source();
        Activation act = src.activation();
        double lambda0 = spec.priorPrecision();
        double[] sourcePrior = kernel.clone();
        for (int i = 0; i < sourcePrior.length; i++) {
            sourcePrior[i] /= lambda0;
        }
        AdaptiveKernelSaddle.Weighted source = AdaptiveKernelSaddle.solveWithSamples(sourcePrior, n, y1,
                new double[0], src, (phase, f) -> progress.report("Bayesian source saddle", 0.4 * f), cancel);
        SampleBank bank = source.bank();
        double[] w1 = source.weights();
        int s = bank.samples();
        int r = spec.conditionalSamples();

        double[] kernelT = new double[t * t];
        for (int i = 0; i < t; i++) {
            System.arraycopy(kernel, (p1 + i) * n + p1, kernelT, i * t, t);
        }
        ConditionalSampler target = new ConditionalSampler(bank, KernelSquareRoot.of(kernelT, t, 0.0), n, p1, r,
                spec.mean(), Math.sqrt(spec.variance()), src.seed());

        // phi(h2(X2)) of all S R conditional samples, and the source kernel Phi_1(T, X2) on the way
        double[] phi2 = new double[s * r * p2];
        double[] sourceKernelT = new double[t * p2];
        int blockRows = target.blockRows();
        double[] weightedT = new double[blockRows * Math.max(t, r * pt)];
        double[] phiX2 = new double[blockRows * p2];
        target.forEachBlock((firstSample, rows, h1, h2) -> {
            cancel.throwIfCancelled();
            for (int i = 0; i < rows; i++) {
                double wi = w1[firstSample + i];
                for (int a = 0; a < t; a++) {
                    double fa = act.apply(h1[i * n + p1 + a]);
                    weightedT[i * t + a] = wi * fa;
                    if (a < p2) {
                        phiX2[i * p2 + a] = fa;
                    }
                }
                for (int k = 0; k < r; k++) {
                    int row = (firstSample + i) * r + k;
                    for (int b = 0; b < p2; b++) {
                        phi2[row * p2 + b] = act.apply(h2[(i * r + k) * t + b]);
                    }
                }
            }
            RowMajor.gemm(true, false, t, p2, rows, 1.0, weightedT, 0, t, phiX2, 0, p2, 1.0, sourceKernelT, 0, p2);
        });
        double beta = src.beta();
        double[] ftKernel = Arrays.copyOf(sourceKernelT, p2 * p2);
        double[] ftA = SpdSolve.solve(ftKernel, p2, 1.0 / beta, y2);
        double[] ftPred = new double[pt];
        RowMajor.gemv(pt, p2, 1.0, sourceKernelT, p2 * p2, p2, ftA, 0, 0.0, ftPred, 0);

        Pacer pacer = new Pacer("Bayesian target saddle",
                (phase, f) -> progress.report(phase, 0.4 + 0.5 * f), cancel);
        TiltedFixedPoint.Solution sol = new TiltedFixedPoint(phi2, s * r, p2, r, w1, pacer)
                .solve(y2, spec.targetGamma(), beta, src.damping(), src.tolerance(), src.maxIterations());

        // Phi_2(x*, X2) with the final weights: replay the conditional samples, test columns now
        double[] w2 = sol.weights();
        double[] testKernel = new double[pt * p2];
        if (pt > 0) {
            target.forEachBlock((firstSample, rows, h1, h2) -> {
                cancel.throwIfCancelled();
                int m = rows * r;
                for (int j = 0; j < m; j++) {
                    double wj = w2[firstSample * r + j];
                    for (int a = 0; a < pt; a++) {
                        weightedT[j * pt + a] = wj * act.apply(h2[j * t + p2 + a]);
                    }
                }
                RowMajor.gemm(true, false, pt, p2, m, 1.0, weightedT, 0, pt, phi2, firstSample * r * p2, p2, 1.0,
                        testKernel, 0, p2);
            });
        }
        double[] pred = new double[pt];
        RowMajor.gemv(pt, p2, 1.0, testKernel, 0, p2, sol.coefficients(), 0, 0.0, pred, 0);
        progress.report("Bayesian target saddle", 1.0);
        return new TransferSaddleResult(source.result(), AdaptiveKernelSaddle.mse(ftPred, testLabels), ftPred,
                ftKernel, sol.kernel(), testKernel, pred, AdaptiveKernelSaddle.mse(pred, testLabels),
                sol.effectiveSampleSize(), s * r, sol.iterations(), KernelAlignment.of(sol.kernel(), y2));
    }

    /**
     * Replays source samples chunk by chunk and draws, for each, R conditional target samples
     * h2 = a h1(T) + sqrt(b) xi C_T from per-chunk seeds, so both passes see identical samples.
     */
    private static final class ConditionalSampler {
        private final SampleBank bank;
        private final double[] rootT;
        private final int n;
        private final int p1;
        private final int t;
        private final int r;
        private final double mean;
        private final double sd;
        private final long[] seeds;
        private final int blockRows;
        private final double[] h1;
        private final double[] xi;
        private final double[] h2;

        ConditionalSampler(SampleBank bank, double[] rootT, int n, int p1, int r, double mean, double sd, long seed) {
            this.bank = bank;
            this.rootT = rootT;
            this.n = n;
            this.p1 = p1;
            this.t = n - p1;
            this.r = r;
            this.mean = mean;
            this.sd = sd;
            GaussianSampler rng = new GaussianSampler(~seed);
            this.seeds = new long[bank.chunks()];
            for (int c = 0; c < seeds.length; c++) {
                seeds[c] = rng.nextSeed();
            }
            this.blockRows = Math.max(1, SampleBank.CHUNK / r);
            this.h1 = new double[SampleBank.CHUNK * n];
            this.xi = new double[blockRows * r * t];
            this.h2 = new double[blockRows * r * t];
        }

        int blockRows() {
            return blockRows;
        }

        @FunctionalInterface
        interface Block {
            /** h1: rows x n source samples; h2: (rows R) x t target samples, R consecutive per source row. */
            void accept(int firstSample, int rows, double[] h1, double[] h2);
        }

        void forEachBlock(Block consumer) {
            double[] h1Block = new double[blockRows * n];
            for (int c = 0; c < bank.chunks(); c++) {
                bank.fill(c, 1.0, h1);
                GaussianSampler rng = new GaussianSampler(seeds[c]);
                int chunkRows = bank.rows(c);
                for (int start = 0; start < chunkRows; start += blockRows) {
                    int rows = Math.min(blockRows, chunkRows - start);
                    int m = rows * r;
                    rng.fill(xi, 0, m * t);
                    RowMajor.gemm(false, false, m, t, t, sd, xi, 0, t, rootT, 0, t, 0.0, h2, 0, t);
                    for (int i = 0; i < rows; i++) {
                        int src = (start + i) * n + p1;
                        for (int k = 0; k < r; k++) {
                            int dst = (i * r + k) * t;
                            for (int a = 0; a < t; a++) {
                                h2[dst + a] += mean * h1[src + a];
                            }
                        }
                    }
                    System.arraycopy(h1, start * n, h1Block, 0, rows * n);
                    consumer.accept(c * SampleBank.CHUNK + start, rows, h1Block, h2);
                }
            }
        }
    }
}
