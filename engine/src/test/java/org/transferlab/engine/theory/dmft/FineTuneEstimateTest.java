package org.transferlab.engine.theory.dmft;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.transferlab.engine.linalg.Activation;
import org.transferlab.engine.run.CancellationToken;
import org.transferlab.engine.run.ProgressSink;
import org.transferlab.engine.sim.HistogramBins;
import org.transferlab.engine.sim.PhaseSettings;

class FineTuneEstimateTest {
    private static final CancellationToken GO = new CancellationToken();
    private static final PhaseSettings SOURCE = new PhaseSettings(1.0, 0.05, 300, 0, 0, 300, Double.NaN,
            PhaseSettings.DEFAULT_DIVERGENCE_FACTOR);
    private static final PhaseSettings READOUT = new PhaseSettings(1.0, 0.2, 2000, 0, 0, 500, Double.NaN,
            PhaseSettings.DEFAULT_DIVERGENCE_FACTOR);

    private static FineTuneResult fineTune(GaussianProblem pb, int particles, long seed) {
        ParticleSolver solver = new ParticleSolver(pb.inputs(), new ParticleSpec(particles, 4, seed, Sampling.AUTO,
                Activation.RELU, true, HistogramBins.PREACTIVATIONS));
        solver.trainSource(SOURCE, ProgressSink.NONE, GO);
        return solver.fineTune(READOUT, ReadoutStart.ZERO, ProgressSink.NONE, GO);
    }

    @Test
    void doublingTheParticlesMovesTheEstimateByLessThanItsError() {
        // P2 = 30 points interpolated (no ridge, t = 400): the predictor acts like the inverse of the kernel
        // on its small eigenvalues, the case where averaging width-m predictors is not the limit
        GaussianProblem pb = GaussianProblem.draw(10, 40, 30, 200, 41);
        FineTuneResult m = fineTune(pb, 2048, 1);
        FineTuneResult twice = fineTune(pb, 4096, 2);
        InfiniteWidthLoss a = m.readoutDynamics().testLoss().orElseThrow();
        InfiniteWidthLoss b = twice.readoutDynamics().testLoss().orElseThrow();
        System.out.printf("M = 2048: %.5f +- %.5f (pooled %.5f, groups %.5f); M = 4096: %.5f +- %.5f (pooled %.5f, groups %.5f)%n",
                a.loss(), a.stdErr(), m.pooledTestLoss(), a.groupMeanLoss(), b.loss(), b.stdErr(), twice.pooledTestLoss(),
                b.groupMeanLoss());
        // independent particles: the difference has standard deviation hypot(errors) once the remaining
        // O(1/M) bias is below them; 3 of them is the two-sided 99.7% bound
        assertThat(Math.abs(a.loss() - b.loss())).isLessThan(3 * Math.hypot(a.stdErr(), b.stdErr()));
        // the curve's last point is the final estimate, and the t -> infinity limit is close at t = 400
        double[] curve = m.readoutDynamics().curve().testLoss();
        assertThat(curve[curve.length - 1]).isEqualTo(a.loss());
    }
}
