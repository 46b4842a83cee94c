package org.transferlab.engine.theory.dmft;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.transferlab.engine.linalg.Activation;
import org.transferlab.engine.run.CancellationToken;
import org.transferlab.engine.run.ProgressSink;
import org.transferlab.engine.sim.GradientDescentTrainer;
import org.transferlab.engine.sim.HistogramBins;
import org.transferlab.engine.sim.MeanWithError;
import org.transferlab.engine.sim.PhaseSettings;
import org.transferlab.engine.sim.ProgressWindow;
import org.transferlab.engine.sim.TwoLayerNetwork;
import org.transferlab.engine.task.Dataset;

/**
 * THEORY's ground truth: finite-width networks (the sim package's trainer, independent code) approach
 * the infinite-width theory as their width grows, their excess loss shrinking like 1/N.
 */
class TheoryVersusSimulationTest {
    private static final int[] WIDTHS = {256, 512, 1024, 2048, 4096};

    @Test
    void networksApproachTheTheoryLikeOneOverWidth() {
        GaussianProblem pb = GaussianProblem.draw(10, 1, 30, 60, 21);
        PhaseSettings phase = new PhaseSettings(1.0, 0.05, 300, 0, 0, 300, Double.NaN,
                PhaseSettings.DEFAULT_DIVERGENCE_FACTOR);
        InfiniteWidthLoss theory = new ParticleSolver(pb.inputs(), new ParticleSpec(8192, 4, 3, Sampling.AUTO,
                Activation.RELU, true, HistogramBins.PREACTIVATIONS))
                .scratch(phase, ProgressSink.NONE, new CancellationToken()).testLoss().orElseThrow();

        Dataset train = new Dataset(pb.rowsOf(pb.target()), pb.y2(), pb.y2());
        Dataset test = new Dataset(pb.rowsOf(pb.test()), pb.yt2(), pb.yt2());
        double[] gap = new double[WIDTHS.length];
        double[] err = new double[WIDTHS.length];
        for (int k = 0; k < WIDTHS.length; k++) {
            int width = WIDTHS[k];
            double[] losses = new double[6];
            for (int seed = 0; seed < losses.length; seed++) {
                TwoLayerNetwork net = TwoLayerNetwork.random(Activation.RELU, width, 10, new SplittableRandom(100 * k + seed));
                losses[seed] = new GradientDescentTrainer(net, train, test, phase, true, null)
                        .run(ProgressWindow.whole(ProgressSink.NONE, "simulation"), new CancellationToken())
                        .finalTestLoss();
            }
            MeanWithError sim = MeanWithError.of(losses);
            gap[k] = sim.mean() - theory.loss();
            err[k] = Math.hypot(sim.stdErr(), theory.stdErr());
            System.out.printf("N = %4d: networks %.5f +- %.5f, theory %.5f +- %.5f, gap %.5f, N * gap %.3f%n", width,
                    sim.mean(), sim.stdErr(), theory.loss(), theory.stdErr(), gap[k], width * gap[k]);
        }
        // The excess loss of a width-N network is c/N (its predictor's variance and bias around the mean
        // field, THEORY 2.1): fit loss(N) = L + c/N by weighted least squares, L free.
        double[][] normal = new double[2][2];
        double[] rhs = new double[2];
        for (int k = 0; k < WIDTHS.length; k++) {
            double[] basis = {1, 1.0 / WIDTHS[k]};
            double weight = 1 / (err[k] * err[k]);
            for (int i = 0; i < 2; i++) {
                rhs[i] += weight * basis[i] * (gap[k] + theory.loss());
                for (int j = 0; j < 2; j++) {
                    normal[i][j] += weight * basis[i] * basis[j];
                }
            }
        }
        double det = normal[0][0] * normal[1][1] - normal[0][1] * normal[1][0];
        double intercept = (normal[1][1] * rhs[0] - normal[0][1] * rhs[1]) / det;
        double slope = (normal[0][0] * rhs[1] - normal[1][0] * rhs[0]) / det;
        double interceptErr = Math.sqrt(normal[1][1] / det);
        System.out.printf("fit: loss(N) = %.5f +- %.5f + %.3f/N; theory %.5f +- %.5f%n", intercept, interceptErr, slope,
                theory.loss(), theory.stdErr());
        // the networks' N -> infinity limit is the theory, within 3 combined errors (the networks' seed spread
        // propagated through the fit, and the theory's jackknife error, which the fit also carries)
        assertThat(Math.abs(intercept - theory.loss())).isLessThan(3 * Math.hypot(interceptErr, theory.stdErr()));
        // and each width sits on the fitted 1/N law within 3 of its own errors
        for (int k = 0; k < WIDTHS.length; k++) {
            assertThat(Math.abs(gap[k] + theory.loss() - intercept - slope / WIDTHS[k])).as("N = %d", WIDTHS[k])
                    .isLessThan(3 * err[k]);
        }
    }
}
