package org.transferlab.engine.theory.bayes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.transferlab.engine.kernel.InputKernels;
import org.transferlab.engine.linalg.Matrix;
import org.transferlab.engine.run.CancellationToken;
import org.transferlab.engine.run.ProgressSink;

/**
 * The ReLU saddle at paper-scale richness on the small problem where reweighted prior samples collapse
 * already at gamma ~ 0.3 (D = 8, P = 16 train and 200 test points, z^2 target, beta = 1000, 4000 samples):
 * it is served, and two runs with independent samples agree within their combined reported errors, so
 * the error from the independent replicas is not too small; at gamma = 0.1 and beta = 10, where
 * reweighting many prior samples still works, it agrees with that. Seconds per run: an integration test.
 */
class RichReluSaddleIT {
    private static final int P = 16;
    private static final int PT = 200;
    /** 1/beta of the comparison with importance sampling, beta = 10 (see there). */
    private static final double RIDGE = 0.1;

    /** x ~ N(0, I_8) on 16 train and 200 test points, labels (beta.x)^2 / D. */
    private record Problem(Matrix kernel, double[] y, double[] yTest) {
        static Problem draw() {
            int d = 8;
            Matrix x = Matrix.gaussian(P + PT, d, new SplittableRandom(31));
            double[] teacher = new double[d];
            SplittableRandom rng = new SplittableRandom(32);
            for (int j = 0; j < d; j++) {
                teacher[j] = rng.nextGaussian();
            }
            double[] y = new double[P];
            double[] yTest = new double[PT];
            for (int i = 0; i < P + PT; i++) {
                double z = 0;
                for (int j = 0; j < d; j++) {
                    z += x.get(i, j) * teacher[j];
                }
                double label = z * z / d;
                if (i < P) {
                    y[i] = label;
                } else {
                    yTest[i - P] = label;
                }
            }
            return new Problem(InputKernels.linear(x, x), y, yTest);
        }
    }

    /**
     * Where reweighted prior samples still work (gamma = 0.1 with beta = 10: at beta = 1000 the prior's
     * coefficients are so large that 100000 of them collapse to one effective sample already at gamma =
     * 0.1, and at beta = 10 they keep only 1% at gamma = 0.2): four independent runs of the earlier
     * algorithm (prior samples of h on all points, importance weights of the tilt, the damped fixed point
     * on them) give a loss and its error from their spread; the sequential Monte Carlo saddle must agree
     * within the combined errors (four of them: both errors have three degrees of freedom).
     */
    @Test
    void agreesWithImportanceSamplingWhereThatStillWorks() {
        Problem pr = Problem.draw();
        double gamma = 0.1;
        double[] losses = new double[4];
        double mean = 0;
        for (int g = 0; g < 4; g++) {
            losses[g] = importanceSampledLoss(pr, gamma, 100_000, 50 + g);
            mean += losses[g] / 4;
        }
        double ss = 0;
        for (double l : losses) {
            ss += (l - mean) * (l - mean);
        }
        double isErr = Math.sqrt(ss / 3) / 2;
        SaddleSpec spec = new SaddleSpec(gamma, 1 / RIDGE, 8000, 0.5, 1e-4, 5000, 60,
                org.transferlab.engine.linalg.Activation.RELU, "target.gamma");
        SaddleResult r = AdaptiveKernelSaddle.solve(pr.kernel(), pr.y(), pr.yTest(), spec,
                ProgressSink.NONE, new CancellationToken());
        System.out.printf("ReLU gamma 0.1, beta 10: SMC %.4f +- %.4f, importance sampling %.4f +- %.4f (%s)%n", r.testLoss(),
                r.testLossStdErr(), mean, isErr, java.util.Arrays.toString(losses));
        assertThat(r.testLoss()).isCloseTo(mean, within(4 * Math.hypot(r.testLossStdErr(), isErr)));
    }

    /** The earlier algorithm, kept here as an independent reference: test MSE of one run. */
    private static double importanceSampledLoss(Problem pr, double gamma, int samples, long seed) {
        int n = P + PT;
        Matrix root = org.transferlab.engine.theory.dmft.KernelSquareRoot.of(pr.kernel(), 0.0);
        int chunk = 5000;
        Matrix phiTrain = Matrix.zeros(samples, P);
        Matrix cross = Matrix.zeros(PT, P);
        long[] seeds = new SplittableRandom(seed).longs(samples / chunk).toArray();
        for (int c = 0; c < seeds.length; c++) {
            Matrix h = Matrix.gaussian(chunk, n, new SplittableRandom(seeds[c])).times(root);
            for (int r = 0; r < chunk; r++) {
                for (int j = 0; j < P; j++) {
                    phiTrain.set(c * chunk + r, j, Math.max(0, h.get(r, j)));
                }
            }
        }
        double[] w = new double[samples];
        Matrix kernel = weighted(phiTrain, w, null, gamma);
        for (int it = 0; it < 2000; it++) {
            double[] a = org.transferlab.engine.kernel.KernelRidge.fit(kernel, pr.y(), RIDGE).coefficients();
            Matrix next = weighted(phiTrain, w, a, gamma);
            double diff = 0;
            double norm = 0;
            for (int i = 0; i < P * P; i++) {
                double updated = 0.5 * kernel.data()[i] + 0.5 * next.data()[i];
                diff += (updated - kernel.data()[i]) * (updated - kernel.data()[i]);
                norm += kernel.data()[i] * kernel.data()[i];
                kernel.data()[i] = updated;
            }
            if (diff < 1e-16 * norm) {
                break;
            }
        }
        double[] a = org.transferlab.engine.kernel.KernelRidge.fit(kernel, pr.y(), RIDGE).coefficients();
        weighted(phiTrain, w, a, gamma);
        double ess = 0;
        for (double wi : w) {
            ess += wi * wi;
        }
        assertThat(1 / ess).as("importance sampling's effective samples").isGreaterThan(0.05 * samples);
        for (int c = 0; c < seeds.length; c++) {
            Matrix h = Matrix.gaussian(chunk, n, new SplittableRandom(seeds[c])).times(root);
            for (int r = 0; r < chunk; r++) {
                double wr = w[c * chunk + r];
                for (int t = 0; t < PT; t++) {
                    double ft = wr * Math.max(0, h.get(r, P + t));
                    for (int j = 0; j < P; j++) {
                        cross.data()[t * P + j] += ft * phiTrain.get(c * chunk + r, j);
                    }
                }
            }
        }
        return org.transferlab.engine.kernel.KernelRidge.fit(kernel, pr.y(), RIDGE).testMse(cross, pr.yTest());
    }

    /** Sets w to the normalised tilt of a (uniform for null) and returns sum_n w_n phi_n phi_n^T. */
    private static Matrix weighted(Matrix phi, double[] w, double[] a, double gamma) {
        int s = phi.rows();
        double max = Double.NEGATIVE_INFINITY;
        for (int n = 0; n < s; n++) {
            double z = 0;
            if (a != null) {
                for (int j = 0; j < P; j++) {
                    z += a[j] * phi.get(n, j);
                }
            }
            w[n] = 0.5 * gamma * gamma * z * z;
            max = Math.max(max, w[n]);
        }
        double sum = 0;
        for (int n = 0; n < s; n++) {
            w[n] = Math.exp(w[n] - max);
            sum += w[n];
        }
        Matrix k = Matrix.zeros(P, P);
        for (int n = 0; n < s; n++) {
            w[n] /= sum;
            for (int i = 0; i < P; i++) {
                double wi = w[n] * phi.get(n, i);
                for (int j = 0; j < P; j++) {
                    k.data()[i * P + j] += wi * phi.get(n, j);
                }
            }
        }
        return k;
    }

    @ParameterizedTest
    @ValueSource(doubles = {1.0, 2.0})
    void independentSamplesAgreeWithinTheirErrors(double gamma) {
        Problem pr = Problem.draw();
        SaddleResult[] runs = new SaddleResult[2];
        for (int run = 0; run < 2; run++) {
            runs[run] = AdaptiveKernelSaddle.solve(pr.kernel(), pr.y(), pr.yTest(), SaddleSpec.relu(gamma, 4000, 40 + run),
                    ProgressSink.NONE, new CancellationToken());
            SaddleResult r = runs[run];
            System.out.printf("ReLU gamma %.1f run %d: loss %.4f +- %.4f, %d iterations, %d resamplings, ESS %.0f%n",
                    gamma, run, r.testLoss(), r.testLossStdErr(), r.iterations(), r.rejuvenations(),
                    r.effectiveSampleSize());
            assertThat(r.testLossStdErr()).isPositive();
            assertThat(r.testLossStdErr()).isLessThan(0.1 * r.testLoss());
        }
        // each error comes from four replicas (three degrees of freedom, so it can be half the true one):
        // four combined errors still cover two true standard errors of the difference
        double combined = Math.hypot(runs[0].testLossStdErr(), runs[1].testLossStdErr());
        assertThat(runs[0].testLoss()).isCloseTo(runs[1].testLoss(), within(4 * combined));
    }
}
