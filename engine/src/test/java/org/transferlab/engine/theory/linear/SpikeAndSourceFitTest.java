package org.transferlab.engine.theory.linear;

import org.transferlab.engine.task.TeacherNormalisation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SpikeAndSourceFitTest {

    @Test
    void gradientFlowSpikeValues() {
        assertThat(SpikeRule.GRADIENT_FLOW.chi(0.5, 1)).isCloseTo(0.118034, within(1e-6));
        assertThat(SpikeRule.GRADIENT_FLOW.chi(1, 1)).isCloseTo(0.414214, within(1e-6));
        assertThat(SpikeRule.GRADIENT_FLOW.chi(2, 1)).isCloseTo(1.236068, within(1e-6));
        // Lazy limit: chi ~ gamma^2 |beta|^2 / 2, with no cancellation.
        assertThat(SpikeRule.GRADIENT_FLOW.chi(1e-9, 4)).isCloseTo(2e-18, within(1e-30));
    }

    @Test
    void bayesianSpikeSolvesItsSaddle() {
        for (double z : new double[] {1e-6, 0.3, 1, 40}) {
            double chi = SpikeRule.BAYESIAN.chi(1, z);
            assertThat(chi * (1 + chi)).isCloseTo(z, within(1e-12 * Math.max(1, z)));
        }
    }

    @Test
    void captionSpike() {
        assertThat(CaptionConvention.chi(0)).isZero();
        assertThat(CaptionConvention.chi(0.6)).isCloseTo(Math.sqrt(0.64) - 1, within(1e-15));
        assertThat(CaptionConvention.chi(1)).isEqualTo(-1);
        SpikePlane plane = CaptionConvention.spikePlane(0.5, 0.6);
        double chi = Math.sqrt(0.64) - 1;
        assertThat(plane.c1()).isCloseTo(0.5 * 0.5 * chi, within(1e-15));
        assertThat(plane.c2()).isCloseTo(0.25 * chi, within(1e-15));
        assertThat(plane.c3()).isCloseTo(0.25 * chi, within(1e-15));
        // It is nu1 chi u u^T with u = sqrt(nu1) b + sqrt(1 - nu1) g.
        SourceFit fit = SourceFit.proportional(0.5, 0);
        SpikePlane rankOne = fit.spikePlane(0.5 * chi);
        assertThat(rankOne.c1()).isCloseTo(plane.c1(), within(1e-15));
        assertThat(rankOne.c2()).isCloseTo(plane.c2(), within(1e-15));
        assertThat(rankOne.c3()).isCloseTo(plane.c3(), within(1e-15));
    }

    @Test
    void teacherNormalisationScalesTheSpike() {
        SourceFit fit = SourceFit.proportional(0.5, 0);
        double variance = fit.betaNormSquared(TeacherNormalisation.UNIT_SIGNAL_VARIANCE, 400);
        double norm = fit.betaNormSquared(TeacherNormalisation.UNIT_NORM, 400);
        assertThat(variance).isCloseTo(200, within(1e-12));
        assertThat(norm).isCloseTo(0.5, within(1e-15));
        assertThat(SpikeRule.GRADIENT_FLOW.chi(1, norm)).isCloseTo(Math.sqrt(1.5) - 1, within(1e-15));
        assertThat(SpikeRule.GRADIENT_FLOW.chi(1, variance)).isCloseTo(Math.sqrt(201) - 1, within(1e-12));
    }

    @Test
    void sourceFitFormulas() {
        double s2 = 0.09;
        SourceFit scarce = SourceFit.proportional(0.4, 0.3);
        assertThat(scarce.normSquaredRatio()).isCloseTo(0.4 + s2 * 0.4 / 0.6, within(1e-15));
        double alphaS = 0.7;
        double alphaEff = scarce.alphaEff(TargetAlignment.ofSource(alphaS));
        assertThat(alphaEff * alphaEff).isCloseTo(alphaS * alphaS * 0.4 / (1 + s2 / 0.6), within(1e-14));
        SourceFit plenty = SourceFit.proportional(3, 0.3);
        assertThat(plenty.normSquaredRatio()).isCloseTo(1 + s2 / 2, within(1e-15));
        double plentyEff = plenty.alphaEff(TargetAlignment.ofSource(alphaS));
        assertThat(plentyEff * plentyEff).isCloseTo(alphaS * alphaS / (1 + s2 / 2), within(1e-14));
        // Noiseless nu1 < 1: u = sqrt(nu1) b + sqrt(1 - nu1) g.
        SourceFit clean = SourceFit.proportional(0.36, 0);
        assertThat(clean.cosTheta()).isCloseTo(0.6, within(1e-15));
        assertThat(clean.sinTheta()).isCloseTo(0.8, within(1e-15));
        assertThat(clean.alphaEff(new TargetAlignment(0.5, 0.1))).isCloseTo(0.5 * 0.6 + 0.1 * 0.8, within(1e-15));
        // Noiseless nu1 > 1 and a population source: beta_f1 = beta_s, no noise direction.
        assertThat(SourceFit.proportional(2, 0).sinTheta()).isZero();
        SourceFit population = SourceFit.proportional(Double.POSITIVE_INFINITY, 0.5);
        assertThat(population.normSquaredRatio()).isEqualTo(1);
        assertThat(population.alphaEff(new TargetAlignment(0.8, 0.1))).isEqualTo(0.8);
    }

    @Test
    void proportionalPredictionCombinesThePieces() {
        TargetAlignment alignment = new TargetAlignment(0.8, 0.1);
        TargetRegime target = TargetRegime.ridgeless(0.3, 0.1);
        ProportionalTransferTheory.Prediction p = ProportionalTransferTheory.predict(0.5, 0.2, 1.0,
                new SpikeSource.Derived(SpikeRule.GRADIENT_FLOW, TeacherNormalisation.UNIT_NORM, 100), alignment, target);
        SourceFit fit = SourceFit.proportional(0.5, 0.2);
        double chi = Math.sqrt(1 + fit.normSquaredRatio()) - 1;
        assertThat(p.chi()).isCloseTo(chi, within(1e-14));
        assertThat(p.alphaEff()).isCloseTo(fit.alphaEff(alignment), within(1e-15));
        assertThat(p.fineTuning().transferError()).isCloseTo(
                RidgelessConstants.of(0.3, chi).error(p.alphaEff(), 0.1), within(1e-12));
        assertThat(p.fineTuning().gain()).isPositive();
        ProportionalTransferTheory.Prediction caption = ProportionalTransferTheory.predict(0.5, 0, 0.5,
                new SpikeSource.Caption(), alignment, target);
        assertThat(caption.chi()).isCloseTo(Math.sqrt(0.75) - 1, within(1e-15));
        // A negative caption spike suppresses the aligned direction: transfer is negative here.
        assertThat(caption.fineTuning().negativeTransfer()).isTrue();
    }

    @Test
    void refusesInvalidInputsNamingTheLimit() {
        assertThatThrownBy(() -> new TargetAlignment(0.8, 0.7))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("alphaS^2 + alphaG^2 must be <= 1");
        assertThatThrownBy(() -> new TargetAlignment(1.2, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("alphaS");
        assertThatThrownBy(() -> SourceFit.proportional(0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nu1").hasMessageContaining("> 0");
        assertThatThrownBy(() -> SourceFit.proportional(-1, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nu1");
        assertThatThrownBy(() -> SourceFit.proportional(1, 0.1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nu1 = 1");
        assertThatThrownBy(() -> TargetRegime.ridgeless(0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nu2").hasMessageContaining("> 0");
        assertThatThrownBy(() -> new TargetRegime(0.5, -0.1, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sigma2");
        assertThatThrownBy(() -> new TargetRegime(0.5, 0, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ridge");
        assertThatThrownBy(() -> CaptionConvention.chi(1.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gamma1").hasMessageContaining("[0, 1]");
        assertThatThrownBy(() -> CaptionConvention.spikePlane(2, 0.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nu1").hasMessageContaining("(0, 1]");
        assertThatThrownBy(() -> new SpikePlane(0, -2, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(">= -1");
        assertThatThrownBy(() -> SpikeRule.GRADIENT_FLOW.chi(-1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gamma");
        assertThatThrownBy(() -> TeacherNormalisation.UNIT_NORM.teacherNormSquared(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("inputDim");
        assertThatThrownBy(() -> RidgelessConstants.of(1.5, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nu2").hasMessageContaining("(0, 1)");
    }
}
