package org.transferlab.engine.theory.bayes;

import org.transferlab.engine.kernel.KernelRidge;
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
 * Solved by sequential Monte Carlo on S samples of h over the training points ({@link TiltedPopulation})
 * and the damped fixed point, in {@value SampleGroups#GROUPS} independent {@link Replicas} whose kernels are
 * pooled; the test points are drawn afterwards from their Gaussian conditional, which the tilt does not
 * change.
 */
public final class AdaptiveKernelSaddle {
    /** Keeps the population's random stream apart from the conditional draws of the same seed. */
    private static final long POPULATION_STREAM = 0x9E3779B97F4A7C15L;

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

    /** The saddle together with its final samples, for the transfer extension to build on. */
    record Sampled(SaddleResult result, Replicas replicas, GaussianConditional conditional, double[] weights) {
    }

    static Sampled solveWithSamples(Matrix kernel, double[] y, double[] testLabels, SaddleSpec spec,
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
        GaussianConditional conditional = new GaussianConditional(kernel, p, chunks(s), spec.seed());
        Pacer pacer = new Pacer("Bayesian saddle", progress, cancel);
        int[] bounds = TiltedPopulation.equalUnits(s, SampleGroups.GROUPS);
        int[] at = {0, 0};   // replica, iteration: progress
        int work = SampleGroups.GROUPS * spec.maxIterations();
        long[] replicaSeeds = Replicas.seeds(spec.seed() ^ POPULATION_STREAM);
        Replicas replicas = Replicas.solve(bounds,
                g -> new TiltedPopulation(act, conditional.root(), null, new int[] {0, bounds[g + 1] - bounds[g]},
                        new double[] {1.0}, replicaSeeds[g],
                        () -> pacer.poll(at[0] * spec.maxIterations() + at[1], work)),
                (population, g) -> {
                    at[0] = g;
                    return new TiltedFixedPoint(population, spec.gammaField()).solve(y, spec.gamma(), spec.beta(),
                            spec.damping(), spec.tolerance(), spec.maxIterations(), it -> at[1] = it);
                });
        Matrix adapted = replicas.kernel();
        double[] coefficients = KernelRidge.fit(adapted, y, 1.0 / spec.beta()).coefficients();

        // Phi(x*, X) with the same weights: the test points from their conditional given each sample,
        // in the sub-populations whose spread is the Monte-Carlo error of the test loss
        double[] w = replicas.weights();
        SampleGroups groups = new SampleGroups(s, 1, n, p);
        for (int c = 0; c < chunks(s); c++) {
            cancel.throwIfCancelled();
            int start = c * TiltedPopulation.CHUNK;
            int end = Math.min(s, start + TiltedPopulation.CHUNK);
            Matrix phiTrain = replicas.phi(start, end);
            Matrix rest = conditional.rest(c, replicas.xi(start, end));
            Matrix weighted = Matrix.zeros(end - start, n);
            for (int r = 0; r < end - start; r++) {
                double wr = w[start + r];
                for (int j = 0; j < p; j++) {
                    weighted.set(r, j, wr * phiTrain.get(r, j));
                }
                for (int j = 0; j < pt; j++) {
                    weighted.set(r, p + j, wr * act.apply(rest.get(r, j)));
                }
            }
            groups.add(start, weighted, phiTrain, w);
        }
        Matrix testKernel = groups.total().rowRange(p, n);
        double[] pred = new double[pt];
        Blas.gemv(false, 1.0, testKernel, coefficients, 0.0, pred);
        progress.report("Bayesian saddle", 1.0);
        SaddleResult result = new SaddleResult(adapted, testKernel, coefficients, pred,
                mse(pred, testLabels), groups.lossStdErr(y, testLabels, 1.0 / spec.beta()),
                trainMse(adapted, coefficients, y), replicas.effectiveSampleSize(), s, replicas.iterations(),
                replicas.relativeChange(), KernelAlignment.of(adapted, y), replicas.rejuvenations());
        return new Sampled(result, replicas, conditional, w);
    }

    static int chunks(int samples) {
        return (samples + TiltedPopulation.CHUNK - 1) / TiltedPopulation.CHUNK;
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
