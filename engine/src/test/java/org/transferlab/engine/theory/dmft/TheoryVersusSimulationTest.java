package org.transferlab.engine.theory.dmft;

import org.transferlab.engine.sim.HistogramBins;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.transferlab.engine.linalg.Activation;
import org.transferlab.engine.run.CancellationToken;
import org.transferlab.engine.run.ProgressSink;
import org.transferlab.engine.sim.GradientDescentTrainer;
import org.transferlab.engine.sim.MeanWithError;
import org.transferlab.engine.sim.PhaseSettings;
import org.transferlab.engine.sim.ProgressWindow;
import org.transferlab.engine.sim.TwoLayerNetwork;
import org.transferlab.engine.task.Dataset;

/**
 * THEORY's ground truth: the infinite-width theory must agree with the system's own finite-width
 * networks (the sim package's trainer, independent code) within Monte-Carlo error.
 */
class TheoryVersusSimulationTest {
    @Test
    void richSourcePhaseMatchesFiniteWidthNetworks() {
        GaussianProblem pb = GaussianProblem.draw(10, 30, 0, 30, 21);
        PhaseSettings phase = new PhaseSettings(1.0, 0.05, 300, 0, 0, 100, Double.NaN,
                PhaseSettings.DEFAULT_DIVERGENCE_FACTOR);
        MeanWithError theory = new ParticleSolver(pb.inputs(), new ParticleSpec(4000, 4, 3, Sampling.AUTO,
                Activation.RELU, true, HistogramBins.PREACTIVATIONS))
                .trainSource(phase, ProgressSink.NONE, new CancellationToken()).testLoss().orElseThrow();

        Dataset train = new Dataset(pb.rowsOf(pb.source()), pb.y1(), pb.y1());
        Dataset test = new Dataset(pb.rowsOf(pb.test()), pb.yt1(), pb.yt1());
        double[] losses = new double[4];
        for (int seed = 0; seed < losses.length; seed++) {
            TwoLayerNetwork net = TwoLayerNetwork.random(Activation.RELU, 1000, 10, new SplittableRandom(100 + seed));
            losses[seed] = new GradientDescentTrainer(net, train, test, phase, true, null)
                    .run(ProgressWindow.whole(ProgressSink.NONE, "simulation"), new CancellationToken())
                    .finalTestLoss();
        }
        MeanWithError simulation = MeanWithError.of(losses);
        double se = Math.hypot(theory.stdErr(), simulation.stdErr());
        System.out.printf("rich source phase: theory %.4g +- %.2g (M = 4000), networks %.4g +- %.2g (N = 1000 x 4)%n",
                theory.mean(), theory.stdErr(), simulation.mean(), simulation.stdErr());
        // both are width-1000 estimates of the same infinite-width loss: agree within 4 combined errors
        assertThat(Math.abs(theory.mean() - simulation.mean())).isLessThan(4 * se);
    }
}
