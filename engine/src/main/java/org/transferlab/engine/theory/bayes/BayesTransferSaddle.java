package org.transferlab.engine.theory.bayes;

import java.util.SplittableRandom;
import org.transferlab.engine.kernel.KernelRidge;
import org.transferlab.engine.linalg.Activation;
import org.transferlab.engine.linalg.Blas;
import org.transferlab.engine.linalg.Matrix;
import org.transferlab.engine.run.CancellationToken;
import org.transferlab.engine.run.EngineException;
import org.transferlab.engine.run.ProgressSink;
import org.transferlab.engine.kernel.KernelAlignment;
import org.transferlab.engine.theory.dmft.KernelSquareRoot;
import org.transferlab.engine.theory.dmft.Pacer;
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
     * @param kernel     input kernel K (n x n) over [X1 (P1) | X2 (P2) | test]
     * @param y1         source labels (P1)
     * @param y2         target labels (P2)
     * @param testLabels target labels on the test points, or an empty array
     */
    public static TransferSaddleResult solve(Matrix kernel, double[] y1, double[] y2, double[] testLabels,
                                             TransferSaddleSpec spec, ProgressSink progress, CancellationToken cancel) {
        int n = kernel.rows();
        int p1 = y1.length;
        int p2 = y2.length;
        int t = n - p1;            // target points T = X2 + test
        int pt = t - p2;
        if (kernel.cols() != n || p2 == 0 || pt < 0 || (testLabels.length != 0 && testLabels.length != pt)) {
            throw new EngineException(FailureCode.INVALID_SPEC, "Bayesian transfer: a " + n + "x" + kernel.cols()
                    + " kernel does not fit P1 = " + p1 + ", P2 = " + p2 + " and " + testLabels.length + " test labels");
        }
        SaddleSpec src = spec.source();
        Activation act = src.activation();
        Matrix sourcePrior = kernel.copy();
        double[] prior = sourcePrior.data();
        for (int i = 0; i < prior.length; i++) {
            prior[i] /= spec.priorPrecision();
        }
        AdaptiveKernelSaddle.Weighted source = AdaptiveKernelSaddle.solveWithSamples(sourcePrior, y1, new double[0],
                src, (phase, f) -> progress.report("Bayesian source saddle", 0.4 * f), cancel);
        SampleBank bank = source.bank();
        double[] w1 = source.weights();
        int s = bank.samples();
        int r = spec.conditionalSamples();

        Matrix kernelT = Matrix.zeros(t, t);
        for (int i = 0; i < t; i++) {
            System.arraycopy(kernel.data(), (p1 + i) * n + p1, kernelT.data(), i * t, t);
        }
        ConditionalSampler target = new ConditionalSampler(bank, KernelSquareRoot.of(kernelT, 0.0), p1, r,
                spec.mean(), Math.sqrt(spec.variance()), src.seed());

        // phi(h2(X2)) of all S R conditional samples, and the source kernel Phi_1(T, X2) on the way
        Matrix phi2 = Matrix.zeros(s * r, p2);
        SampleGroups ftGroups = new SampleGroups(s, 1, t, p2);
        target.forEachBlock((firstSample, h1, h2) -> {
            cancel.throwIfCancelled();
            int rows = h1.rows();
            Matrix weightedT = Matrix.zeros(rows, t);
            Matrix phiX2 = Matrix.zeros(rows, p2);
            for (int i = 0; i < rows; i++) {
                double wi = w1[firstSample + i];
                for (int a = 0; a < t; a++) {
                    double fa = act.apply(h1.get(i, p1 + a));
                    weightedT.set(i, a, wi * fa);
                    if (a < p2) {
                        phiX2.set(i, a, fa);
                    }
                }
            }
            for (int j = 0; j < rows * r; j++) {
                int row = firstSample * r + j;
                for (int b = 0; b < p2; b++) {
                    phi2.set(row, b, act.apply(h2.get(j, b)));
                }
            }
            ftGroups.add(firstSample, weightedT, phiX2, w1);
        });
        Matrix sourceKernelT = ftGroups.total();
        double beta = src.beta();
        Matrix ftKernel = sourceKernelT.rowRange(0, p2);
        double[] ftA = KernelRidge.fit(ftKernel, y2, 1.0 / beta).coefficients();
        double[] ftPred = new double[pt];
        Blas.gemv(false, 1.0, sourceKernelT.rowRange(p2, t), ftA, 0.0, ftPred);
        KernelPredictor fineTune = new KernelPredictor(ftKernel, ftPred, AdaptiveKernelSaddle.mse(ftPred, testLabels),
                ftGroups.lossStdErr(y2, testLabels, 1.0 / beta), AdaptiveKernelSaddle.trainMse(ftKernel, ftA, y2));

        Pacer pacer = new Pacer("Bayesian target saddle",
                (phase, f) -> progress.report(phase, 0.4 + 0.5 * f), cancel);
        TiltedFixedPoint.Solution sol = new TiltedFixedPoint(phi2, r, w1, pacer)
                .solve(y2, spec.targetGamma(), beta, src.damping(), src.tolerance(), src.maxIterations());

        // Phi_2(x*, X2) with the final weights: replay the conditional samples, all columns now, grouped
        // by source sample (the R conditional samples of one source sample are not independent)
        double[] w2 = sol.weights();
        SampleGroups targetGroups = new SampleGroups(s, r, t, p2);
        target.forEachBlock((firstSample, h1, h2) -> {
            cancel.throwIfCancelled();
            int m = h2.rows();
            Matrix weighted = Matrix.zeros(m, t);
            for (int j = 0; j < m; j++) {
                double wj = w2[firstSample * r + j];
                for (int a = 0; a < t; a++) {
                    weighted.set(j, a, wj * act.apply(h2.get(j, a)));
                }
            }
            targetGroups.add(firstSample * r, weighted, phi2.rowRange(firstSample * r, firstSample * r + m), w2);
        });
        Matrix testKernel = targetGroups.total().rowRange(p2, t);
        double[] pred = new double[pt];
        Blas.gemv(false, 1.0, testKernel, sol.coefficients(), 0.0, pred);
        progress.report("Bayesian target saddle", 1.0);
        KernelPredictor joint = new KernelPredictor(sol.kernel(), pred, AdaptiveKernelSaddle.mse(pred, testLabels),
                targetGroups.lossStdErr(y2, testLabels, 1.0 / beta),
                AdaptiveKernelSaddle.trainMse(sol.kernel(), sol.coefficients(), y2));
        return new TransferSaddleResult(source.result(), fineTune, joint, testKernel, sol.effectiveSampleSize(), s * r,
                sol.iterations(), sol.relativeChange(), KernelAlignment.of(sol.kernel(), y2));
    }

    /**
     * Replays source samples chunk by chunk and draws, for each, R conditional target samples
     * h2 = a h1(T) + sqrt(b) xi C_T from per-chunk seeds, so both passes see identical samples.
     */
    private static final class ConditionalSampler {
        private final SampleBank bank;
        private final Matrix rootT;
        private final int p1;
        private final int r;
        private final double mean;
        private final double sd;
        private final long[] seeds;
        private final int blockRows;

        ConditionalSampler(SampleBank bank, Matrix rootT, int p1, int r, double mean, double sd, long seed) {
            this.bank = bank;
            this.rootT = rootT;
            this.p1 = p1;
            this.r = r;
            this.mean = mean;
            this.sd = sd;
            SplittableRandom rng = new SplittableRandom(~seed);
            this.seeds = new long[bank.chunks()];
            for (int c = 0; c < seeds.length; c++) {
                seeds[c] = rng.nextLong();
            }
            this.blockRows = Math.max(1, SampleBank.CHUNK / r);
        }

        @FunctionalInterface
        interface Block {
            /** h1: rows x n source samples; h2: (rows R) x t target samples, R consecutive per source row. */
            void accept(int firstSample, Matrix h1, Matrix h2);
        }

        void forEachBlock(Block consumer) {
            int t = rootT.rows();
            for (int c = 0; c < bank.chunks(); c++) {
                Matrix h1 = bank.chunk(c);
                SplittableRandom rng = new SplittableRandom(seeds[c]);
                for (int start = 0; start < h1.rows(); start += blockRows) {
                    int rows = Math.min(blockRows, h1.rows() - start);
                    Matrix h2 = Matrix.gaussian(rows * r, t, rng).times(rootT);
                    double[] d = h2.data();
                    for (int i = 0; i < rows; i++) {
                        for (int k = 0; k < r; k++) {
                            int dst = (i * r + k) * t;
                            for (int a = 0; a < t; a++) {
                                d[dst + a] = sd * d[dst + a] + mean * h1.get(start + i, p1 + a);
                            }
                        }
                    }
                    consumer.accept(c * SampleBank.CHUNK + start, h1.rowRange(start, start + rows), h2);
                }
            }
        }
    }
}
