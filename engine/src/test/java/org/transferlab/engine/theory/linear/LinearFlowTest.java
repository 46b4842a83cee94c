package org.transferlab.engine.theory.linear;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.transferlab.engine.linalg.Vectors;
import org.transferlab.engine.run.CancellationToken;
import org.transferlab.engine.run.EngineException;
import org.transferlab.engine.run.ProgressSink;
import org.transferlab.engine.sim.MeanWithError;
import org.transferlab.protocol.FailureCode;

class LinearFlowTest {
    private static final CancellationToken RUNNING = new CancellationToken();

    private static LinearFlowResult flow(LinearDesign design, double gamma, double lambda, LinearFlowState init) {
        return new LinearFlow(design, gamma, lambda).run(init, LinearFlowOptions.defaults(), TestLossProbe.none(),
                ProgressSink.NONE, RUNNING);
    }

    /** Whitened data (Sigma_hat = I) with a unit-norm teacher: beta_f -> beta, so chi = sqrt(1 + gamma^2) - 1. */
    @ParameterizedTest
    @CsvSource({"0.5, 0.11803", "1, 0.41421", "2, 1.23607"})
    void whitenedSpikeMatchesTheBoostFormula(double gamma, double expectedChi) {
        int d = 5;
        DMatrixRMaj x = CommonOps_DDRM.identity(d);
        CommonOps_DDRM.scale(Math.sqrt(d), x);
        double[] beta = GaussianData.unit(new double[] {1, -2, 0.5, 3, 1});
        LinearFlowResult result = flow(LinearDesign.of(x, beta.clone()), gamma, 0, LinearFlowState.randomInit(d));
        assertThat(result.state().spikeAlong(beta)).isCloseTo(expectedChi, within(1e-5));
        assertThat(result.state().boostDefect()[0]).isLessThan(1e-7);
    }

    @Test
    void gaussianSourcePhaseMatchesClosedForms() {
        // THEORY 2.6.2's RK4 check: Gaussian data, P1 = 30 < D = 40, unit-signal-variance teacher, gamma = 1.
        GaussianData data = new GaussianData(7);
        int d = 40;
        DMatrixRMaj x = data.inputs(30, d);
        double[] teacher = data.teacher(d);
        LinearDesign design = LinearDesign.of(x, data.labels(x, teacher, 0));
        double[] times = {0, 0.5, 2, 10, 1e5};
        List<Double> reported = new ArrayList<>();
        LinearFlowResult result = new LinearFlow(design, 1, 0).run(LinearFlowState.randomInit(d),
                LinearFlowOptions.defaults(), new TestLossProbe(teacher, 0, times),
                (phase, fraction) -> reported.add(fraction), RUNNING);

        double[] interpolant = design.minNormInterpolant();
        double distance = Math.sqrt(GaussianData.errorPerDim(result.betaF(), interpolant) * d);
        // |v| < 1e-9 |b| leaves beta within |v|/s_min of the fixed point; s_min(Sigma_hat) ~ (1 - sqrt 0.75)^2 ~ 0.02.
        assertThat(distance / Vectors.norm(interpolant)).isLessThan(1e-6);
        double chiFormula = SpikeRule.GRADIENT_FLOW.chi(1, Vectors.dot(interpolant, interpolant));
        double chiOde = result.state().spikeAlong(GaussianData.unit(result.betaF()));
        assertThat(chiOde).isCloseTo(chiFormula, within(1e-6 * chiFormula));
        double[] defect = result.state().boostDefect();
        assertThat(defect[0]).isLessThan(1e-6);
        assertThat(defect[1]).isCloseTo(0, within(1e-6));
        // Sample times land exactly; the first is the initial loss |beta_t|^2/D = 1, the last the converged one.
        assertThat(result.curve()).extracting(TestLossProbe.Point::time).containsExactly(0.0, 0.5, 2.0, 10.0, 1e5);
        assertThat(result.curve().get(0).testLoss()).isCloseTo(1, within(1e-12));
        assertThat(result.curve().get(4).testLoss())
                .isCloseTo(GaussianData.errorPerDim(interpolant, teacher), within(1e-8));
        assertThat(result.curve().get(1).testLoss()).isLessThan(1);
        assertThat(reported).last().isEqualTo(1.0);
    }

    @Test
    void boostIdentityHoldsAlongTheTrajectory() {
        GaussianData data = new GaussianData(3);
        int d = 30;
        DMatrixRMaj x = data.inputs(20, d);
        LinearDesign design = LinearDesign.of(x, data.labels(x, data.teacher(d), 0.2));
        LinearFlowState state = LinearFlowState.randomInit(d);
        // Stop at looser and looser residuals: each intermediate state must still be a pure boost.
        for (double tolerance : new double[] {0.3, 1e-2, 1e-4}) {
            LinearFlowResult partial = new LinearFlow(design, 2, 0).run(LinearFlowState.randomInit(d),
                    LinearFlowOptions.defaults().withTolerance(tolerance), TestLossProbe.none(), ProgressSink.NONE, RUNNING);
            state = partial.state();
            assertThat(partial.residual()).isLessThan(tolerance);
            double[] defect = state.boostDefect();
            assertThat(defect[0]).isLessThan(1e-7);
            assertThat(defect[1]).isCloseTo(0, within(1e-7 * state.readoutNorm() * state.readoutNorm()));
            double q = state.readoutNorm();
            double beta2 = Vectors.dot(partial.betaF(), partial.betaF());
            assertThat(q).isCloseTo(Math.sqrt(1 + 4 * beta2), within(1e-7 * q));
        }
    }

    @Test
    void weightDecayFlowConvergesToTheSelfConsistentRidge() {
        GaussianData data = new GaussianData(11);
        int d = 20;
        DMatrixRMaj x = data.inputs(30, d);
        LinearDesign design = LinearDesign.of(x, data.labels(x, data.teacher(d), 0.3));
        double gamma = 1.5;
        double lambda = 0.2;
        WeightDecayFit fit = WeightDecayFit.solve(design, gamma, lambda);
        assertThat(fit.collapsed()).isFalse();
        assertThat(fit.rho() * Vectors.norm(fit.betaF())).isCloseTo(lambda / gamma, within(1e-12));

        LinearFlowResult result = new LinearFlow(design, gamma, lambda).run(LinearFlowState.randomInit(d),
                LinearFlowOptions.defaults().withTolerance(1e-10), TestLossProbe.none(), ProgressSink.NONE, RUNNING);
        double gap = Math.sqrt(GaussianData.errorPerDim(result.betaF(), fit.betaF()) * d);
        assertThat(gap / Vectors.norm(fit.betaF())).isLessThan(1e-7);
        // The kernel is rank one: M = gamma |beta_f| u u^T, the random features have decayed.
        SpikedLinearKernel kernel = fit.kernel(gamma);
        DMatrixRMaj expected = KernelInterpolation.spiked(0, kernel.spike(), kernel.direction());
        DMatrixRMaj m = result.state().weightMoment();
        CommonOps_DDRM.subtractEquals(m, expected);
        assertThat(CommonOps_DDRM.elementMaxAbs(m)).isLessThan(1e-6 * kernel.spike());
    }

    @Test
    void weightDecayCollapsesWhenTooStrong() {
        GaussianData data = new GaussianData(5);
        DMatrixRMaj x = data.inputs(10, 8);
        LinearDesign design = LinearDesign.of(x, data.labels(x, data.teacher(8), 0));
        double labelNorm = Vectors.norm(design.labelProjection());
        WeightDecayFit fit = WeightDecayFit.solve(design, 1, 1.01 * labelNorm);
        assertThat(fit.collapsed()).isTrue();
        assertThat(Vectors.norm(fit.betaF())).isZero();
        assertThat(WeightDecayFit.solve(design, 1, 0.99 * labelNorm).collapsed()).isFalse();
    }

    @Test
    void lazyJointlyRichTargetPhaseIsInterpolationWithTheHalvedSpike() {
        GaussianData data = new GaussianData(21);
        int d = 40;
        double[] source = data.teacher(d);
        DMatrixRMaj x1 = data.inputs(30, d);
        LinearDesign sourceDesign = LinearDesign.of(x1, data.labels(x1, source, 0));
        LinearFlowResult sourceRun = flow(sourceDesign, 1, 0, LinearFlowState.randomInit(d));
        DMatrixRMaj x2 = data.inputs(16, d);
        double[] target = data.teacher(d);
        double[] y2 = data.labels(x2, target, 0);
        LinearFlowResult jr = flow(LinearDesign.of(x2, y2), 1e-3, 0, LinearFlowState.jointlyRich(sourceRun.state()));

        SpikedLinearKernel adapted = SpikedLinearKernel.sourceAdapted(sourceRun.betaF(), 1, SpikeRule.GRADIENT_FLOW);
        double[] reference = KernelInterpolation.teacher(
                KernelInterpolation.spiked(1, adapted.spike() / 2, adapted.direction()), x2, y2, 0);
        double gap = Math.sqrt(GaussianData.errorPerDim(jr.betaF(), reference) * d);
        assertThat(gap / Vectors.norm(reference)).isLessThan(1e-4);
    }

    /**
     * THEORY 2.6.5's example (D = 40, P1 = 30, P2 = 16, gamma1 = 1, gamma2 = 0.5, alpha_s = 0.6): both
     * transfers beat scratch, and scratch and fine-tuning sit at their proportional-limit closed forms
     * (THEORY 2.6.3, 2.6.4): scratch 1 - nu2, fine-tuning c1 - c2 alpha_eff^2 with alpha_eff^2 = alpha_s^2 nu1
     * and chi1 = sqrt(1 + gamma1^2 nu1 D) - 1.
     */
    @Test
    void jointlyRichExampleOrdering() {
        int d = 40;
        int seeds = 6;
        double[] scratch = new double[seeds];
        double[] ft = new double[seeds];
        double[] jr = new double[seeds];
        for (int seed = 0; seed < seeds; seed++) {
            GaussianData data = new GaussianData(100 + seed);
            double[] bS = GaussianData.unit(data.gaussian(d));
            double[] perp = data.orthogonalUnit(d, bS);
            double[] source = Vectors.scaled(bS, Math.sqrt(d));
            double[] target = Vectors.scaled(GaussianData.combine(0.6, bS, 0.8, perp), Math.sqrt(d));
            DMatrixRMaj x1 = data.inputs(30, d);
            LinearFlowResult sourceRun = flow(LinearDesign.of(x1, data.labels(x1, source, 0)), 1, 0,
                    LinearFlowState.randomInit(d));
            DMatrixRMaj x2 = data.inputs(16, d);
            double[] y2 = data.labels(x2, target, 0);
            LinearDesign targetDesign = LinearDesign.of(x2, y2);
            scratch[seed] = GaussianData.errorPerDim(targetDesign.minNormInterpolant(), target);
            ft[seed] = GaussianData.errorPerDim(KernelInterpolation.teacher(sourceRun.state().weightMoment(), x2, y2, 0), target);
            jr[seed] = GaussianData.errorPerDim(flow(targetDesign, 0.5, 0, LinearFlowState.jointlyRich(sourceRun.state())).betaF(),
                    target);
        }
        double nu1 = 30.0 / d;
        double nu2 = 16.0 / d;
        double chi = Math.sqrt(1 + nu1 * d) - 1;
        double c2 = (1 - nu2) * (1 - 1 / Math.pow(1 + nu2 * chi, 2));
        double ftLimit = (1 - nu2) - c2 * 0.36 * nu1;
        MeanWithError s = MeanWithError.of(scratch);
        MeanWithError f = MeanWithError.of(ft);
        System.out.printf("scratch %.4f +- %.4f (limit %.4f), FT %.4f +- %.4f (limit %.4f), JR %.4f%n", s.mean(), s.stdErr(),
                1 - nu2, f.mean(), f.stdErr(), ftLimit, MeanWithError.of(jr).mean());
        // the draws' spread (4 standard errors over 6 seeds) plus the O(1/D) finite-size correction to the
        // leading-order formulas, 1/D = 0.025
        assertThat(s.mean()).isCloseTo(1 - nu2, within(4 * s.stdErr() + 1.0 / d));
        assertThat(f.mean()).isCloseTo(ftLimit, within(4 * f.stdErr() + 1.0 / d));
        for (int seed = 0; seed < seeds; seed++) {
            // same draws: the transfer gains are paired and much less noisy than the losses
            assertThat(ft[seed]).as("seed %d", seed).isLessThan(scratch[seed]);
            assertThat(jr[seed]).as("seed %d", seed).isLessThan(scratch[seed]);
        }
    }

    @Test
    void reportsNonConvergenceAndCancellation() {
        GaussianData data = new GaussianData(2);
        DMatrixRMaj x = data.inputs(10, 12);
        LinearDesign design = LinearDesign.of(x, data.labels(x, data.teacher(12), 0));
        LinearFlow flow = new LinearFlow(design, 1, 0);
        assertThatThrownBy(() -> flow.run(LinearFlowState.randomInit(12), LinearFlowOptions.defaults().withMaxSteps(5),
                TestLossProbe.none(), ProgressSink.NONE, RUNNING))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.code()).isEqualTo(FailureCode.NON_CONVERGED));
        assertThatThrownBy(() -> flow.run(LinearFlowState.randomInit(12), LinearFlowOptions.defaults().withMaxTime(0.1),
                TestLossProbe.none(), ProgressSink.NONE, RUNNING))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.code()).isEqualTo(FailureCode.NON_CONVERGED));
        CancellationToken cancelled = new CancellationToken();
        cancelled.cancel();
        assertThatThrownBy(() -> flow.run(LinearFlowState.randomInit(12), LinearFlowOptions.defaults(),
                TestLossProbe.none(), ProgressSink.NONE, cancelled))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.code()).isEqualTo(FailureCode.CANCELLED));
        assertThatThrownBy(() -> new LinearFlow(design, 0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gamma");
        assertThatThrownBy(() -> new LinearFlow(design, 1, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lambda");
    }
}
