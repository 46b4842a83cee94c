package org.transferlab.engine.theory.bayes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
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
 * the error from the independent replicas is not too small. Seconds per run: an integration test.
 */
class RichReluSaddleIT {
    @ParameterizedTest
    @ValueSource(doubles = {1.0, 2.0})
    void independentSamplesAgreeWithinTheirErrors(double gamma) {
        int p = 16;
        int pt = 200;
        int d = 8;
        Matrix x = Matrix.gaussian(p + pt, d, new SplittableRandom(31));
        double[] teacher = new double[d];
        SplittableRandom rng = new SplittableRandom(32);
        for (int j = 0; j < d; j++) {
            teacher[j] = rng.nextGaussian();
        }
        double[] y = new double[p];
        double[] yTest = new double[pt];
        for (int i = 0; i < p + pt; i++) {
            double z = 0;
            for (int j = 0; j < d; j++) {
                z += x.get(i, j) * teacher[j];
            }
            double label = z * z / d;
            if (i < p) {
                y[i] = label;
            } else {
                yTest[i - p] = label;
            }
        }
        Matrix k = InputKernels.linear(x, x);
        SaddleResult[] runs = new SaddleResult[2];
        for (int run = 0; run < 2; run++) {
            runs[run] = AdaptiveKernelSaddle.solve(k, y, yTest, SaddleSpec.relu(gamma, 4000, 40 + run),
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
