package org.transferlab.engine.theory.bayes;

import org.transferlab.engine.kernel.KernelRidge;
import org.transferlab.engine.linalg.Activation;
import org.transferlab.engine.linalg.Blas;
import org.transferlab.engine.linalg.Matrix;
import org.transferlab.engine.linalg.Vectors;
import org.transferlab.engine.run.CancellationToken;
import org.transferlab.engine.run.EngineException;
import org.transferlab.engine.run.ProgressSink;
import org.transferlab.engine.kernel.KernelAlignment;
import org.transferlab.engine.theory.dmft.Pacer;
import org.transferlab.protocol.FailureCode;

/**
 * Bayesian transfer saddle (THEORY 2.5.2, 4.D step 4). The target posterior is conditional on the
 * source weights, so every source sample h1^(s) (weight omega1_s from the source saddle) carries R
 * conditional target samples h2 ~ N(a h1, b K) on [X2 | test], tilted by
 * exp((gamma2^2/2)(a2 . phi(h2(X2)))^2) and normalised within s:
 * Phi_2 = sum_s omega1_s sum_r omega2_{r|s} phi phi^T, iterated to a damped fixed point in a2. Both
 * saddles sample by sequential Monte Carlo ({@link TiltedPopulation}); the target's units are the R
 * samples of one source sample, so resampling never mixes the conditional measures of two sources.
 */
public final class BayesTransferSaddle {
    private static final long TARGET_STREAM = 0x2545F4914F6CDD1DL;

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
        AdaptiveKernelSaddle.Sampled source = AdaptiveKernelSaddle.solveWithSamples(sourcePrior, y1, new double[0],
                src, (phase, f) -> progress.report("Bayesian source saddle", 0.4 * f), cancel);
        Replicas sourceSamples = source.replicas();
        double[] w1 = source.weights();
        int s = w1.length;

        // h1 on T from its conditional given each source sample: Phi_1(T, X2) for fine-tuning, and
        // h1(X2), the target's prior means
        Matrix h1X2 = Matrix.zeros(s, p2);
        SampleGroups ftGroups = new SampleGroups(s, 1, t, p2);
        for (int c = 0; c < AdaptiveKernelSaddle.chunks(s); c++) {
            cancel.throwIfCancelled();
            int start = c * TiltedPopulation.CHUNK;
            int rows = Math.min(s, start + TiltedPopulation.CHUNK) - start;
            Matrix h1 = source.conditional().rest(c, sourceSamples.xi(start, start + rows));
            Matrix weightedT = Matrix.zeros(rows, t);
            Matrix phiX2 = Matrix.zeros(rows, p2);
            for (int i = 0; i < rows; i++) {
                double wi = w1[start + i];
                for (int a = 0; a < t; a++) {
                    double fa = act.apply(h1.get(i, a));
                    weightedT.set(i, a, wi * fa);
                    if (a < p2) {
                        phiX2.set(i, a, fa);
                        h1X2.set(start + i, a, h1.get(i, a));
                    }
                }
            }
            ftGroups.add(start, weightedT, phiX2, w1);
        }
        Matrix sourceKernelT = ftGroups.total();
        double beta = src.beta();
        Matrix ftKernel = sourceKernelT.rowRange(0, p2);
        double[] ftA = KernelRidge.fit(ftKernel, y2, 1.0 / beta).coefficients();
        double[] ftPred = new double[pt];
        Blas.gemv(false, 1.0, sourceKernelT.rowRange(p2, t), ftA, 0.0, ftPred);
        KernelPredictor fineTune = new KernelPredictor(ftKernel, ftPred, AdaptiveKernelSaddle.mse(ftPred, testLabels),
                ftGroups.lossStdErr(y2, testLabels, 1.0 / beta), AdaptiveKernelSaddle.trainMse(ftKernel, ftA, y2));
        if (spec.variance() == 0) {
            // delta = infinity pins h2 to h1: the target posterior is the fine-tuned regression itself
            progress.report("Bayesian target saddle", 1.0);
            return new TransferSaddleResult(source.result(), fineTune, fineTune, sourceKernelT.rowRange(p2, t),
                    source.result().effectiveSampleSize(), s, 0, 0.0, KernelAlignment.of(ftKernel, y2), 0, null);
        }
        try {
            return target(kernel, p1, y2, testLabels, spec, source, h1X2, fineTune, progress, cancel);
        } catch (EngineException e) {
            if (e.code() != FailureCode.NON_CONVERGED) {
                throw e;
            }
            return TransferSaddleResult.withoutTarget(source.result(), fineTune, e.getMessage());
        }
    }

    private static TransferSaddleResult target(Matrix kernel, int p1, double[] y2, double[] testLabels,
                                               TransferSaddleSpec spec, AdaptiveKernelSaddle.Sampled source,
                                               Matrix h1X2, KernelPredictor fineTune, ProgressSink progress,
                                               CancellationToken cancel) {
        SaddleSpec src = spec.source();
        Activation act = src.activation();
        int n = kernel.rows();
        int t = n - p1;
        int p2 = y2.length;
        int pt = t - p2;
        double[] w1 = source.weights();
        int s = w1.length;
        int r = spec.conditionalSamples();
        double mean = spec.mean();
        double sd = Math.sqrt(spec.variance());
        // source blocks whose R conditional samples fill at most one chunk
        int blockRows = Math.max(1, TiltedPopulation.CHUNK / r);
        int blocksPerChunk = (TiltedPopulation.CHUNK + blockRows - 1) / blockRows;

        Matrix kernelT = Matrix.zeros(t, t);
        for (int i = 0; i < t; i++) {
            System.arraycopy(kernel.data(), (p1 + i) * n + p1, kernelT.data(), i * t, t);
        }
        GaussianConditional conditional = new GaussianConditional(kernelT, p2,
                AdaptiveKernelSaddle.chunks(s) * blocksPerChunk, src.seed() ^ TARGET_STREAM);
        Matrix root = conditional.root();
        Matrix scaledRoot = Matrix.wrap(root.rows(), root.cols(), Vectors.scaled(root.data(), sd));
        Matrix means = Matrix.wrap(h1X2.rows(), p2, Vectors.scaled(h1X2.data(), mean));
        // one target replica per source replica, so that the replicas stay independent
        int[] sourceBounds = TiltedPopulation.equalUnits(s, SampleGroups.GROUPS);
        int[] bounds = new int[sourceBounds.length];
        for (int g = 0; g < bounds.length; g++) {
            bounds[g] = sourceBounds[g] * r;
        }
        Pacer pacer = new Pacer("Bayesian target saddle",
                (phase, f) -> progress.report(phase, 0.4 + 0.5 * f), cancel);
        int[] at = {0, 0};   // replica, iteration: progress
        int work = SampleGroups.GROUPS * src.maxIterations();
        long[] replicaSeeds = Replicas.seeds(~src.seed() ^ TARGET_STREAM);
        Replicas population = Replicas.solve(bounds, g -> {
            int from = sourceBounds[g];
            int to = sourceBounds[g + 1];
            int[] units = new int[to - from + 1];
            double[] mass = new double[to - from];
            double total = 0;
            for (int u = 0; u < to - from; u++) {
                units[u + 1] = (u + 1) * r;
                total += w1[from + u];
            }
            for (int u = 0; u < to - from; u++) {
                mass[u] = w1[from + u] / total;
            }
            return new TiltedPopulation(act, scaledRoot, means.rowRange(from, to), units, mass,
                    replicaSeeds[g], () -> pacer.poll(at[0] * src.maxIterations() + at[1], work));
        }, (replica, g) -> {
            at[0] = g;
            return new TiltedFixedPoint(replica, "target.gamma").solve(y2, spec.targetGamma(), src.beta(),
                    src.damping(), src.tolerance(), src.maxIterations(), it -> at[1] = it);
        });
        Matrix kernel2 = population.kernel();
        double[] a2 = KernelRidge.fit(kernel2, y2, 1.0 / src.beta()).coefficients();

        // Phi_2(T, X2) with the final weights: h2(test) = a h1(test) + sqrt(b) (conditional of K_T given
        // the sample's own part on X2), grouped by source sample (the R samples of one are not independent)
        double[] w2 = population.weights();
        SampleGroups targetGroups = new SampleGroups(s, r, t, p2);
        for (int c = 0; c < AdaptiveKernelSaddle.chunks(s); c++) {
            cancel.throwIfCancelled();
            int start = c * TiltedPopulation.CHUNK;
            int rows = Math.min(s, start + TiltedPopulation.CHUNK) - start;
            Matrix h1 = source.conditional().rest(c, source.replicas().xi(start, start + rows));
            for (int b = 0; b * blockRows < rows; b++) {
                int from = start + b * blockRows;
                int to = Math.min(start + rows, from + blockRows);
                Matrix phiX2 = population.phi(from * r, to * r);
                Matrix g = conditional.rest(c * blocksPerChunk + b, population.xi(from * r, to * r));
                Matrix weighted = Matrix.zeros(phiX2.rows(), t);
                for (int j = 0; j < phiX2.rows(); j++) {
                    int row = from * r + j;
                    int h1Row = row / r - start;
                    double wj = w2[row];
                    for (int a = 0; a < p2; a++) {
                        weighted.set(j, a, wj * phiX2.get(j, a));
                    }
                    for (int a = 0; a < pt; a++) {
                        weighted.set(j, p2 + a, wj * act.apply(mean * h1.get(h1Row, p2 + a) + sd * g.get(j, a)));
                    }
                }
                targetGroups.add(from * r, weighted, phiX2, w2);
            }
        }
        Matrix testKernel = targetGroups.total().rowRange(p2, t);
        double[] pred = new double[pt];
        Blas.gemv(false, 1.0, testKernel, a2, 0.0, pred);
        progress.report("Bayesian target saddle", 1.0);
        KernelPredictor joint = new KernelPredictor(kernel2, pred, AdaptiveKernelSaddle.mse(pred, testLabels),
                targetGroups.lossStdErr(y2, testLabels, 1.0 / src.beta()),
                AdaptiveKernelSaddle.trainMse(kernel2, a2, y2));
        return new TransferSaddleResult(source.result(), fineTune, joint, testKernel, population.effectiveSampleSize(),
                s * r, population.iterations(), population.relativeChange(), KernelAlignment.of(kernel2, y2),
                population.rejuvenations(), null);
    }
}
