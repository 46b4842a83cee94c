package org.transferlab.engine.theory.dmft;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.transferlab.engine.kernel.KernelRidge;
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
 * The theory's test loss is the infinite-particle limit ({@link InfiniteWidthLoss}), checked against
 * things that do not share its code: more particles, the lazy limit's closed-form kernel, and
 * finite-width networks of growing width.
 */
class InfiniteWidthTheoryTest {
    private static final CancellationToken GO = new CancellationToken();
    /** Rich scratch training on the quadratic-plus-linear target of {@link GaussianProblem}: t = 15. */
    private static final PhaseSettings RICH = new PhaseSettings(1.0, 0.05, 300, 0, 0, 300, Double.NaN,
            PhaseSettings.DEFAULT_DIVERGENCE_FACTOR);

    private static InfiniteWidthLoss scratch(GaussianProblem pb, PhaseSettings phase, int particles, long seed) {
        ParticleSpec spec = new ParticleSpec(particles, 4, seed, Sampling.AUTO, Activation.RELU, true,
                HistogramBins.PREACTIVATIONS);
        return new ParticleSolver(pb.inputs(), spec).scratch(phase, ProgressSink.NONE, GO).testLoss().orElseThrow();
    }

    @Test
    void doublingTheParticlesMovesTheEstimateByLessThanItsError() {
        GaussianProblem pb = GaussianProblem.draw(10, 1, 30, 60, 31);
        InfiniteWidthLoss m = scratch(pb, RICH, 2048, 1);
        InfiniteWidthLoss twice = scratch(pb, RICH, 4096, 2);
        double se = Math.hypot(m.stdErr(), twice.stdErr());
        System.out.printf("M = 2048: %.5f +- %.5f (groups %.5f, ensemble %.5f); M = 4096: %.5f +- %.5f (groups %.5f)%n",
                m.loss(), m.stdErr(), m.groupMeanLoss(), m.ensembleLoss(), twice.loss(), twice.stdErr(),
                twice.groupMeanLoss());
        // independent draws: their difference has standard deviation se when the O(1/M) bias is below the
        // Monte-Carlo error; 3 se is the two-sided 99.7% bound
        assertThat(Math.abs(m.loss() - twice.loss())).isLessThan(3 * se);
    }

    @Test
    void lazyScratchOnFewPointsIsNtkRegressionWithinOnePercent() {
        GaussianProblem pb = GaussianProblem.draw(10, 1, 10, 200, 51);
        double ntk = KernelRidge.fit(pb.gram(pb.target(), pb.target()).ntk0(), pb.y2(), 0)
                .testMse(pb.gram(pb.test(), pb.target()).ntk0(), pb.yt2());
        PhaseSettings lazy = new PhaseSettings(0.05, 0.05, 4000, 0, 0, 4000, 1e-12,
                PhaseSettings.DEFAULT_DIVERGENCE_FACTOR);
        PhaseResult r = new ParticleSolver(pb.inputs(), new ParticleSpec(16384, 16, 1, Sampling.AUTO, Activation.RELU, true,
                HistogramBins.PREACTIVATIONS)).scratch(lazy, ProgressSink.NONE, GO);
        InfiniteWidthLoss theory = r.testLoss().orElseThrow();
        System.out.printf("lazy scratch, P2 = 10: theory %.5f +- %.5f (ratio %.4f), train %.3g; NTK0 regression %.5f%n",
                theory.loss(), theory.stdErr(), theory.loss() / ntk, r.trainLoss().mean(), ntk);
        // converged: the phase stops once the train MSE is below its 1e-12 tolerance
        assertThat(r.trainLoss().mean()).isLessThan(1e-12);
        // 10 target points keep the Monte-Carlo error of 16384 particles near 0.3% (16 groups: 15 degrees
        // of freedom), so 1% is about 3 errors. Measured 0.9928 +- 0.0029 of NTK0 regression: the rest is the
        // O(G/M) bias of the groups' mean (on 30 points, 8 draws each: 2.1 +- 1.4% low at 256 particles per
        // group, 1.1 +- 0.7% at 1024, as here); the O(gamma) feature motion is 0.1% (gamma = 0.01 against 0.05)
        assertThat(theory.stdErr()).isLessThan(0.005 * ntk);
        assertThat(Math.abs(theory.loss() - ntk)).isLessThan(0.01 * ntk);
    }

    @Test
    void lazyFineTuningIsRegressionWithTheArcCosineNngp() {
        GaussianProblem pb = GaussianProblem.draw(10, 20, 10, 200, 51);
        // gamma1 = 0.01: the source phase barely moves the features, so Phi_1 is the initial feature kernel,
        // the arc-cosine NNGP E[phi(h) phi(h')] (THEORY 2.1), and the converged readout interpolates with it
        double nngp = KernelRidge.fit(pb.gram(pb.target(), pb.target()).phi0(), pb.y2(), 0)
                .testMse(pb.gram(pb.test(), pb.target()).phi0(), pb.yt2());
        PhaseSettings source = new PhaseSettings(0.01, 0.05, 200, 0, 0, 200, Double.NaN,
                PhaseSettings.DEFAULT_DIVERGENCE_FACTOR);
        PhaseSettings readout = new PhaseSettings(0.01, 0.5, 4000, 0, 0, 4000, Double.NaN,
                PhaseSettings.DEFAULT_DIVERGENCE_FACTOR);
        ParticleSolver solver = new ParticleSolver(pb.inputs(), new ParticleSpec(98304, 32, 1, Sampling.AUTO,
                Activation.RELU, true, HistogramBins.PREACTIVATIONS, ParticleDraw.ORTHOGONAL_ANTITHETIC));
        solver.trainSource(source, ProgressSink.NONE, GO);
        FineTuneResult ft = solver.fineTune(readout, ReadoutStart.ZERO, ProgressSink.NONE, GO);
        InfiniteWidthLoss theory = ft.readoutDynamics().testLoss().orElseThrow();
        System.out.printf("lazy fine-tuning: theory %.5f +- %.5f (ratio %.4f), train %.3g; NNGP regression %.5f%n",
                theory.loss(), theory.stdErr(), theory.loss() / nngp, ft.readoutDynamics().trainLoss().mean(), nngp);
        // converged: t = 2000 is far past 1/lambda_min of the P2 = 10 kernel (train MSE 6e-31 measured)
        assertThat(ft.readoutDynamics().trainLoss().mean()).isLessThan(1e-12);
        // The error: i.i.d. particles leave the interpolating readout 0.7-0.9% of the loss at 32768 particles (a
        // 1% test would be one error wide). With P2 = D = 10 the interpolation rests on the kernel's linear
        // part, which orthogonal blocks with their mirror images nearly fix: the jackknife variance falls
        // 2.0-2.9x (24 runs at 4096 particles, 6 each at 32768 and 81920) and the spread of independent runs
        // 1.7x to 15x (sets of 6 to 24 runs). Here 98304 such particles in 32 groups (31 degrees of freedom for the jackknife): 0.25%
        // expected, asserted below 0.35% to allow the jackknife's own 13% scatter.
        // The bias: the source phase's feature motion lowers the loss by 0.3-0.5% at gamma1 = 0.05 against
        // 0.01 (16384 and 65536 i.i.d. particles; 0.36% with 32768 structured ones), so ~0.1% here; structured
        // runs at 32768, 81920 and 131072 particles averaged +0.09 +- 0.12%, +0.09 +- 0.09% and -0.02 +- 0.05%
        // of the NNGP loss. 1% is 3 errors and that bias.
        assertThat(theory.stdErr()).isLessThan(0.0035 * nngp);
        assertThat(Math.abs(theory.loss() - nngp)).isLessThan(0.01 * nngp);
    }

    /**
     * The solver with a structured draw: on the lazy fine-tuning problem above (P2 = D, where the draw
     * helps) the mean squared jackknife error of 8 runs of 4096 particles in 16 groups, against i.i.d.
     * particles. Measured 2.9x smaller over 24 runs, 2.8x over 12 others, 2.7x over these 8. Each run's
     * squared error has 15 degrees of freedom, so a mean over 8 is known to ~13% and a ratio of two to
     * ~18%; asserted 1.8x, 2.6 of those errors below 2.9x (in logarithms). The two means of the estimates must
     * agree within 3 combined errors of their runs' spread.
     */
    @Test
    void orthogonalAntitheticDrawsShrinkTheLazyFineTuningError() {
        GaussianProblem pb = GaussianProblem.draw(10, 20, 10, 200, 51);
        double[] iid = lazyFineTuningRuns(pb, ParticleDraw.IID);
        double[] structured = lazyFineTuningRuns(pb, ParticleDraw.ORTHOGONAL_ANTITHETIC);
        System.out.printf("lazy fine-tuning, 8 runs: iid %.5f (rms error %.5f), orthogonalAntithetic %.5f (%.5f): %.2fx%n",
                iid[0], Math.sqrt(iid[1]), structured[0], Math.sqrt(structured[1]), iid[1] / structured[1]);
        assertThat(iid[1] / structured[1]).isGreaterThan(1.8);
        assertThat(Math.abs(iid[0] - structured[0])).isLessThan(3 * Math.hypot(iid[2], structured[2]));
    }

    /** {mean estimate, mean squared jackknife error, standard error of the mean estimate} over 8 runs. */
    private static double[] lazyFineTuningRuns(GaussianProblem pb, ParticleDraw draw) {
        int runs = 8;
        double[] loss = new double[runs];
        double squaredError = 0;
        for (int r = 0; r < runs; r++) {
            ParticleSolver solver = new ParticleSolver(pb.inputs(), new ParticleSpec(4096, 16, 1000 + r, Sampling.AUTO,
                    Activation.RELU, true, HistogramBins.PREACTIVATIONS, draw));
            solver.trainSource(new PhaseSettings(0.05, 0.05, 200, 0, 0, 200, Double.NaN,
                    PhaseSettings.DEFAULT_DIVERGENCE_FACTOR), ProgressSink.NONE, GO);
            InfiniteWidthLoss l = solver.fineTune(new PhaseSettings(0.05, 0.5, 4000, 0, 0, 4000, Double.NaN,
                    PhaseSettings.DEFAULT_DIVERGENCE_FACTOR), ReadoutStart.ZERO, ProgressSink.NONE, GO)
                    .readoutDynamics().testLoss().orElseThrow();
            loss[r] = l.loss();
            squaredError += l.stdErr() * l.stdErr() / runs;
        }
        MeanWithError m = MeanWithError.of(loss);
        return new double[] {m.mean(), squaredError, m.stdErr()};
    }
}
