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
        double[] losses = new double[WIDTHS.length];
        for (int k = 0; k < WIDTHS.length; k++) {
            losses[k] = gap[k] + theory.loss();
        }
        WidthFit fit = WidthFit.of(WIDTHS, losses, err);
        double intercept = fit.intercept();
        double slope = fit.slope();
        double interceptErr = fit.interceptErr();
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
