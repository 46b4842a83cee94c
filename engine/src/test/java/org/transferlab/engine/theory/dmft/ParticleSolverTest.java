package org.transferlab.engine.theory.dmft;

import org.transferlab.engine.kernel.KernelAlignment;
import org.transferlab.engine.sim.HistogramBins;
import org.transferlab.engine.sim.Histogram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.junit.jupiter.api.Test;
import org.transferlab.engine.kernel.ArcCosineKernels;
import org.transferlab.engine.kernel.KernelRidge;
import org.transferlab.engine.linalg.Activation;
import org.transferlab.engine.linalg.Blas;
import org.transferlab.engine.linalg.Matrix;
import org.transferlab.engine.linalg.Vectors;
import org.transferlab.engine.run.CancellationToken;
import org.transferlab.engine.run.EngineException;
import org.transferlab.engine.run.ProgressSink;
import org.transferlab.engine.sim.MeanWithError;
import org.transferlab.engine.sim.PhaseSettings;
import org.transferlab.protocol.FailureCode;

class ParticleSolverTest {
    private static final CancellationToken GO = new CancellationToken();

    /** A phase without convergence criterion and with the default divergence factor. */
    private static PhaseSettings phase(double gamma, double lambda, double delta, double eta, int steps, int every) {
        return new PhaseSettings(gamma, eta, steps, lambda, delta, every, Double.NaN,
                PhaseSettings.DEFAULT_DIVERGENCE_FACTOR);
    }

    @Test
    void lazyLimitIsKernelRegressionWithTheArcCosineNtk() {
        GaussianProblem pb = GaussianProblem.draw(10, 20, 0, 20, 1);
        int m = 8000;
        PhaseSettings phase = phase(1e-3, 0, 0, 0.05, 400, 100);
        ParticleSolver solver = new ParticleSolver(pb.inputs(), ParticleSpec.relu(m, 7));
        PhaseResult r = solver.trainSource(phase, ProgressSink.NONE, GO);

        double[] expected = lazyPrediction(pb, phase);
        double gap = rms(r.testPredictions(), expected);
        double scale = rms(expected, new double[expected.length]);
        System.out.printf("lazy: rms gap %.4g, rms prediction %.4g, relative %.4g, 1/sqrt(M) %.4g%n",
                gap, scale, gap / scale, 1 / Math.sqrt(m));
        // the empirical NTK of M particles scatters around NTK0 by c / sqrt(M) per entry with
        // c = sd(phi phi' + w^2 phi' phi' K) of about 1.5-2; measured 1.4 and 2.2 / sqrt(M) on two data sets
        assertThat(gap / scale).isLessThan(4 / Math.sqrt(m));
    }

    private static double[] lazyPrediction(GaussianProblem pb, PhaseSettings phase) {
        Matrix kII = pb.gram(pb.source(), pb.source()).ntk0();
        Matrix kTI = pb.gram(pb.test(), pb.source()).ntk0();
        return frozenKernelGd(kII, kTI, pb.y1(), phase);
    }

    /** Discrete gradient descent with a frozen kernel: f_t(n) = K_tI K_II^-1 (I - (I - eta K_II)^n) y. */
    private static double[] frozenKernelGd(Matrix kII, Matrix kTI, double[] y, PhaseSettings phase) {
        int p = y.length;
        int pt = kTI.rows();
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(p, true, true);
        eig.decompose(kII.copy().asEjml());
        double[] coef = new double[p];
        for (int e = 0; e < p; e++) {
            double lambda = eig.getEigenvalue(e).getReal();
            DMatrixRMaj v = eig.getEigenVector(e);
            double vy = 0;
            for (int i = 0; i < p; i++) {
                vy += v.get(i, 0) * y[i];
            }
            double s = (1 - Math.pow(1 - phase.learningRate() * lambda, phase.steps())) / lambda * vy;
            for (int i = 0; i < p; i++) {
                coef[i] += s * v.get(i, 0);
            }
        }
        double[] f = new double[pt];
        Blas.gemv(false, 1.0, kTI, coef, 0.0, f);
        return f;
    }

    @Test
    void weightDecayFixedPointIsKernelRidgeWithTheFinalFeatureKernel() {
        GaussianProblem pb = GaussianProblem.draw(10, 20, 0, 20, 2);
        double lambda = 0.2;
        PhaseSettings phase = phase(1.0, lambda, 0, 0.05, 3000, 500);
        ParticleSolver solver = new ParticleSolver(pb.inputs(), ParticleSpec.relu(2000, 3));
        PhaseResult r = solver.trainSource(phase, ProgressSink.NONE, GO);

        Matrix kII = solver.featureKernel(PointBlock.SOURCE_TRAIN, PointBlock.SOURCE_TRAIN);
        Matrix kTI = solver.featureKernel(PointBlock.TEST, PointBlock.SOURCE_TRAIN);
        double[] ridge = KernelRidge.fit(kII, pb.y1(), lambda).predict(kTI);
        double gap = rms(r.testPredictions(), ridge);
        double scale = rms(ridge, new double[20]);
        System.out.printf("weight decay: rms gap %.4g, rms prediction %.4g, train loss %.4g%n",
                gap, scale, r.trainLoss().mean());
        // the identity is exact per group at the fixed point except for the centring f0 = O(1/sqrt(M/G))
        // per group, averaged over the G groups: O(1/sqrt M) in all
        assertThat(gap / scale).isLessThan(3 / Math.sqrt(2000));
    }

    @Test
    void weightSpaceAndFieldSpaceSamplingAgree() {
        GaussianProblem pb = GaussianProblem.draw(10, 30, 0, 30, 4);
        PhaseSettings phase = phase(1.0, 0, 0, 0.05, 400, 100);
        ParticleSpec weights = new ParticleSpec(4000, 4, 11, Sampling.WEIGHT_SPACE, Activation.RELU, true,
                HistogramBins.PREACTIVATIONS);
        ParticleSpec fields = new ParticleSpec(4000, 4, 12, Sampling.FIELD_SPACE, Activation.RELU, true,
                HistogramBins.PREACTIVATIONS);
        PhaseResult w = new ParticleSolver(pb.inputs(), weights).trainSource(phase, ProgressSink.NONE, GO);
        PhaseResult f = new ParticleSolver(pb.kernelOnly(), fields).trainSource(phase, ProgressSink.NONE, GO);
        InfiniteWidthLoss lw = w.testLoss().orElseThrow();
        InfiniteWidthLoss lf = f.testLoss().orElseThrow();
        double se = Math.hypot(lw.stdErr(), lf.stdErr());
        System.out.printf("weight space %.4g +- %.2g, field space %.4g +- %.2g%n",
                lw.loss(), lw.stdErr(), lf.loss(), lf.stdErr());
        assertThat(Math.abs(lw.loss() - lf.loss())).isLessThan(4 * se);
        assertThat(rms(w.testPredictions(), f.testPredictions()) / rms(w.testPredictions(), new double[30]))
                .isLessThan(0.05);
    }

    @Test
    void groupStandardErrorShrinksLikeOneOverSqrtM() {
        GaussianProblem pb = GaussianProblem.draw(10, 20, 0, 20, 5);
        PhaseSettings phase = phase(1.0, 0, 0, 0.05, 200, 200);
        double small = pooledStdErr(pb, phase, 320);
        double large = pooledStdErr(pb, phase, 1280);
        System.out.printf("group s.e. M=320: %.4g, M=1280: %.4g, ratio %.3g (expected 2)%n",
                small, large, small / large);
        // 16 groups x 3 seeds: each variance estimate has 45 degrees of freedom, so the ratio of the
        // two errors has a relative spread of about 15%; [1.4, 2.8] is more than 2 sigma either side
        assertThat(small / large).isBetween(1.4, 2.8);
    }

    private static double pooledStdErr(GaussianProblem pb, PhaseSettings phase, int m) {
        double var = 0;
        for (long seed = 1; seed <= 3; seed++) {
            ParticleSpec spec = new ParticleSpec(m, 16, seed, Sampling.AUTO, Activation.RELU, true,
                    HistogramBins.PREACTIVATIONS);
            InfiniteWidthLoss e = new ParticleSolver(pb.inputs(), spec).trainSource(phase, ProgressSink.NONE, GO)
                    .testLoss().orElseThrow();
            var += e.stdErr() * e.stdErr() / 3;
        }
        return Math.sqrt(var);
    }

    @Test
    void transferPhasesRunAndFineTuningDynamicsReachKernelRegression() {
        GaussianProblem pb = GaussianProblem.draw(10, 40, 15, 30, 6);
        ParticleSolver solver = new ParticleSolver(pb.inputs(), ParticleSpec.relu(2000, 9));
        solver.trainSource(phase(1.0, 0, 0, 0.05, 300, 100), ProgressSink.NONE, GO);
        PhaseSettings readout = phase(1.0, 0.01, 0, 0.2, 20000, 5000);
        FineTuneResult ft = solver.fineTune(readout, ReadoutStart.ZERO, ProgressSink.NONE, GO);
        FineTuneResult keep = solver.fineTune(readout, ReadoutStart.SOURCE, ProgressSink.NONE, GO);
        PhaseResult jr = solver.jointlyRich(phase(0.5, 0, 0, 0.05, 300, 100), ProgressSink.NONE, GO);

        System.out.printf("FT dynamics %.4g (pooled %.4g), FT kernel regression %.4g, JR %.4g, A(Phi1, y2) %.3g%n",
                ft.readoutDynamics().testLoss().orElseThrow().loss(), ft.pooledTestLoss(), ft.kernelRegression().loss(),
                jr.testLoss().orElseThrow().loss(), ft.readoutDynamics().targetAlignment());
        System.out.printf("FT-keep dynamics %.4g, kernel regression %.4g; start %.4g (FT from zero: %.4g)%n",
                keep.readoutDynamics().testLoss().orElseThrow().loss(), keep.kernelRegression().loss(),
                keep.readoutDynamics().curve().testLoss()[0], ft.readoutDynamics().curve().testLoss()[0]);
        // t = 4000 >> 1/(lambda_min(Phi_1) + ridge): the readout dynamics have reached their limit
        assertThat(ft.readoutDynamics().testLoss().orElseThrow().loss())
                .isCloseTo(ft.kernelRegression().loss(), org.assertj.core.data.Percentage.withPercentage(1));
        assertThat(keep.readoutDynamics().testLoss().orElseThrow().loss())
                .isCloseTo(keep.kernelRegression().loss(), org.assertj.core.data.Percentage.withPercentage(1));
        // FT from zero starts at f = 0, i.e. at the mean square of the test labels
        double meanSquare = 0;
        for (double v : pb.yt2()) {
            meanSquare += v * v / pb.yt2().length;
        }
        assertThat(ft.readoutDynamics().curve().testLoss()[0]).isCloseTo(meanSquare, org.assertj.core.data.Offset.offset(1e-12));
        double[] train = jr.curve().trainLoss();
        assertThat(train[train.length - 1]).isLessThan(0.2 * train[0]);
        Histogram hist = jr.testPreactivations();
        double mass = hist.belowFraction() + hist.aboveFraction();
        for (double d : hist.density()) {
            mass += d * hist.bins().width();
        }
        assertThat(mass).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        // A(Phi, y2) = y2.Phi y2 / (|Phi|_F |y2|^2) (THEORY 1.6) of the jointly rich kernel, written out here
        Matrix phi = solver.featureKernel(PointBlock.TARGET_TRAIN, PointBlock.TARGET_TRAIN);
        double[] y2 = pb.y2();
        double quadratic = 0;
        double frobenius = 0;
        for (int i = 0; i < y2.length; i++) {
            for (int j = 0; j < y2.length; j++) {
                quadratic += y2[i] * phi.get(i, j) * y2[j];
                frobenius += phi.get(i, j) * phi.get(i, j);
            }
        }
        assertThat(jr.targetAlignment()).isCloseTo(quadratic / (Math.sqrt(frobenius) * Vectors.dot(y2, y2)),
                org.assertj.core.data.Offset.offset(1e-12));
        // training on the target aligns the kernel with it: above the source kernel Phi_1's alignment and
        // above the initial arc-cosine kernel's (their Monte-Carlo errors are O(1/sqrt M) ~ 0.02 here)
        double initial = KernelAlignment.of(pb.gram(pb.target(), pb.target()).phi0(), y2);
        System.out.printf("alignment with y2: Phi0 %.4f, Phi_1 %.4f, jointly rich %.4f%n", initial,
                ft.readoutDynamics().targetAlignment(), jr.targetAlignment());
        assertThat(jr.targetAlignment()).isGreaterThan(ft.readoutDynamics().targetAlignment() + 0.05)
                .isGreaterThan(initial + 0.05);
    }

    @Test
    void strongElasticCouplingTurnsJointlyRichIntoFineTuning() {
        GaussianProblem pb = GaussianProblem.draw(10, 40, 15, 30, 10);
        ParticleSolver solver = new ParticleSolver(pb.inputs(), ParticleSpec.relu(2000, 4));
        solver.trainSource(phase(1.0, 0, 0, 0.05, 300, 300), ProgressSink.NONE, GO);
        PhaseSettings target = phase(1.0, 0, 0, 0.01, 2000, 2000);
        double[] ft = solver.fineTune(target, ReadoutStart.ZERO, ProgressSink.NONE, GO).readoutDynamics().testPredictions();
        double[] pinned = solver.jointlyRich(phase(1.0, 0, 30.0, 0.01, 2000, 2000), ProgressSink.NONE, GO)
                .testPredictions();
        double[] free = solver.jointlyRich(target, ProgressSink.NONE, GO).testPredictions();
        double scale = rms(ft, new double[ft.length]);
        System.out.printf("elastic: |JR(delta=30) - FT| %.4g, |JR(delta=0) - FT| %.4g (rms FT %.4g)%n",
                rms(pinned, ft), rms(free, ft), scale);
        // with the fields pinned, JR is readout training from a random, centred readout: exactly the
        // FT dynamics; the residual feature motion is O((G o K) Delta / delta), measured to fall like
        // 1/delta (2% of the predictor at delta = 30, 0.2% at 300)
        assertThat(rms(pinned, ft)).isLessThan(0.05 * scale).isLessThan(0.2 * rms(free, ft));
    }

    @Test
    void planRunsEveryProtocolWithMonotoneProgress() {
        GaussianProblem pb = GaussianProblem.draw(10, 30, 10, 20, 11);
        java.util.List<Double> seen = new java.util.ArrayList<>();
        PhaseSettings phase = phase(1.0, 0, 0, 0.05, 100, 50);
        TransferOutcome out = DmftTransfer.run(pb.inputs(), ParticleSpec.relu(800, 2), TransferPlan.all(phase, phase),
                (name, f) -> seen.add(f), GO);
        assertThat(out.fineTune()).isPresent();
        assertThat(out.jointlyRich()).isPresent();
        assertThat(out.scratch().orElseThrow().curve().steps()).containsExactly(0, 50, 100);
        assertThat(out.sampling()).isEqualTo(Sampling.WEIGHT_SPACE);
        assertThat(seen).isSorted();
        assertThat(seen.get(seen.size() - 1)).isEqualTo(1.0);
    }

    @Test
    void lazyJointlyRichIsKernelRegressionWithTheSourceFeaturesAndAFreshReadout() {
        GaussianProblem pb = GaussianProblem.draw(10, 40, 15, 20, 12);
        int m = 8000;
        ParticleSolver solver = new ParticleSolver(pb.inputs(), ParticleSpec.relu(m, 5));
        solver.trainSource(phase(1.0, 0, 0, 0.05, 300, 300), ProgressSink.NONE, GO);
        // THEORY 2.4: K = Phi_1 + E[w^2] G'_1 o K_x with E[w^2] = 1, from the source-trained fields
        Matrix kII = lazyJointKernel(solver, pb, PointBlock.TARGET_TRAIN, pb.target());
        Matrix kTI = lazyJointKernel(solver, pb, PointBlock.TEST, pb.test());
        PhaseSettings phase = phase(1e-3, 0, 0, 0.05, 400, 400);
        PhaseResult jr = solver.jointlyRich(phase, ProgressSink.NONE, GO);
        double[] expected = frozenKernelGd(kII, kTI, pb.y2(), phase);
        double gap = rms(jr.testPredictions(), expected);
        double scale = rms(expected, new double[expected.length]);
        System.out.printf("lazy JR: relative gap %.4g, 1/sqrt(M) %.4g%n", gap / scale, 1 / Math.sqrt(m));
        // the predicted kernel is the particles' own, so only the readout draw (E w^2 = 1 up to
        // O(1/sqrt M)) and O(gamma2) feature motion separate them
        assertThat(gap / scale).isLessThan(3 / Math.sqrt(m));
    }

    private static Matrix lazyJointKernel(ParticleSolver solver, GaussianProblem pb, PointBlock rows, int[] rowIdx) {
        Matrix phi = solver.featureKernel(rows, PointBlock.TARGET_TRAIN);
        double[] g = solver.derivativeKernel(rows, PointBlock.TARGET_TRAIN).data();
        double[] kx = pb.gram(rowIdx, pb.target()).inputKernel().data();
        double[] d = phi.data();
        for (int i = 0; i < d.length; i++) {
            d[i] += g[i] * kx[i];
        }
        return phi;
    }

    @Test
    void tooLargeLearningRateIsRefusedWithTheBound() {
        GaussianProblem pb = GaussianProblem.draw(10, 20, 0, 10, 7);
        ParticleSolver solver = new ParticleSolver(pb.inputs(), ParticleSpec.relu(400, 1));
        assertThatThrownBy(() -> solver.trainSource(phase(1.0, 0, 0, 2.0, 10, 10), ProgressSink.NONE, GO))
                .isInstanceOfSatisfying(EngineException.class, e -> {
                    assertThat(e.code()).isEqualTo(FailureCode.INVALID_SPEC);
                    assertThat(e.getMessage()).contains("learningRate", "bound", "must be below");
                });
    }

    @Test
    void divergenceIsNotConvergedAndOverflowIsNan() {
        GaussianProblem pb = GaussianProblem.draw(10, 20, 0, 10, 8);
        ParticleSpec unchecked = new ParticleSpec(400, 4, 1, Sampling.AUTO, Activation.RELU, false,
                HistogramBins.PREACTIVATIONS);
        assertThatThrownBy(() -> new ParticleSolver(pb.inputs(), unchecked)
                .trainSource(phase(1.0, 0, 0, 2.0, 2000, 100), ProgressSink.NONE, GO))
                .isInstanceOfSatisfying(EngineException.class, e -> {
                    assertThat(e.code()).isEqualTo(FailureCode.NON_CONVERGED);
                    assertThat(e.getMessage()).contains("diverged");
                });
        PhaseSettings noFactor = new PhaseSettings(1.0, 2.0, 2000, 0, 0, 100, Double.NaN, Double.MAX_VALUE);
        assertThatThrownBy(() -> new ParticleSolver(pb.inputs(), unchecked)
                .trainSource(noFactor, ProgressSink.NONE, GO))
                .isInstanceOfSatisfying(EngineException.class,
                        e -> assertThat(e.code()).isEqualTo(FailureCode.NAN_DETECTED));
    }

    @Test
    void unmetTrainLossToleranceRunsTheWholeBudgetAndAMetOneStopsEarly() {
        GaussianProblem pb = GaussianProblem.draw(10, 20, 0, 10, 13);
        ParticleSpec spec = ParticleSpec.relu(400, 1);
        PhaseSettings tooShort = new PhaseSettings(1.0, 0.05, 5, 0, 0, 5, 1e-8, PhaseSettings.DEFAULT_DIVERGENCE_FACTOR);
        PhaseResult unmet = new ParticleSolver(pb.inputs(), spec).trainSource(tooShort, ProgressSink.NONE, GO);
        assertThat(unmet.stepsTaken()).isEqualTo(5);
        assertThat(unmet.trainLoss().mean()).isGreaterThan(1e-8);
        PhaseSettings loose = new PhaseSettings(1.0, 0.05, 100_000, 0, 0, 1000, 0.05, PhaseSettings.DEFAULT_DIVERGENCE_FACTOR);
        PhaseResult r = new ParticleSolver(pb.inputs(), spec).trainSource(loose, ProgressSink.NONE, GO);
        int[] steps = r.curve().steps();
        assertThat(steps[steps.length - 1]).isLessThan(100_000);
        assertThat(r.trainLoss().mean()).isLessThanOrEqualTo(0.05);
    }

    @Test
    void cancellationStopsARunPromptly() throws InterruptedException {
        GaussianProblem pb = GaussianProblem.draw(20, 100, 0, 50, 9);
        ParticleSolver solver = new ParticleSolver(pb.inputs(), ParticleSpec.relu(2000, 1));
        CancellationToken token = new CancellationToken();
        Thread canceller = new Thread(() -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            token.cancel();
        });
        long start = System.nanoTime();
        canceller.start();
        assertThatThrownBy(() -> solver.trainSource(phase(1.0, 0, 0, 0.01, 10_000_000, 1000),
                ProgressSink.NONE, token))
                .isInstanceOfSatisfying(EngineException.class,
                        e -> assertThat(e.code()).isEqualTo(FailureCode.CANCELLED));
        canceller.join();
        // a step here takes well under a millisecond; a second is the generous bound on "promptly"
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(1.5);
    }

    private static double rms(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(s / a.length);
    }
}
