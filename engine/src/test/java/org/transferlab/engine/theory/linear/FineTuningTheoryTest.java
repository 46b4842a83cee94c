package org.transferlab.engine.theory.linear;

import org.transferlab.engine.task.TeacherNormalisation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class FineTuningTheoryTest {

    /** THEORY 2.6.4's values, themselves verified against D = 400 kernel regression over 30 seeds. */
    @ParameterizedTest
    @CsvSource({
            "0.5, 0.9, 3, 0, 0, 0.1598",
            "0.75, 0.7, 5, 0.05, 0, 0.2829",
            "0.5, 0.9, 3, 0.1, 0.2, 0.2392",
            "1.5, 0.9, 3, 0.1, 0.2, 0.0899"})
    void reproducesVerifiedValues(double nu2, double alpha, double chi, double noiseVariance, double ridge, double expected) {
        TargetRegime target = new TargetRegime(nu2, Math.sqrt(noiseVariance), ridge);
        double error = FineTuningTheory.error(target, SpikePlane.rankOne(chi, 1, 0), TargetAlignment.ofSource(alpha));
        assertThat(error).isCloseTo(expected, within(1e-3));
    }

    @Test
    void kappaSolvesItsFixedPoint() {
        for (double nu2 : new double[] {0.1, 0.5, 0.999, 1, 1.001, 3}) {
            for (double ridge : new double[] {0, 1e-8, 0.2, 5}) {
                TargetRegime target = new TargetRegime(nu2, 0, ridge);
                double k = target.kappa();
                assertThat(k).isGreaterThanOrEqualTo(0);
                assertThat(k).isCloseTo(ridge + (k == 0 ? 0 : k / (nu2 + k)), within(1e-12));
            }
        }
        assertThat(TargetRegime.ridgeless(0.3, 0).kappa()).isCloseTo(0.7, within(1e-15));
        assertThat(TargetRegime.ridgeless(2, 0).kappa()).isZero();
    }

    @Test
    void ridgelessOverparametrisedTargetIgnoresPretraining() {
        for (double chi : new double[] {0, 0.5, 3, 100}) {
            TargetRegime target = TargetRegime.ridgeless(2.5, 0.3);
            double error = FineTuningTheory.error(target, SpikePlane.rankOne(chi, 0.8, 0.6), new TargetAlignment(0.7, 0.2));
            assertThat(error).isCloseTo(0.09 / 1.5, within(1e-12));
        }
    }

    @Test
    void ridgelessScarceTargetMatchesC1C2C3Form() {
        for (double nu2 : new double[] {0.1, 0.5, 0.9}) {
            for (double chi : new double[] {0, 0.3, 4}) {
                double alpha = 0.65;
                double sigma = 0.4;
                double error = FineTuningTheory.error(TargetRegime.ridgeless(nu2, sigma),
                        SpikePlane.rankOne(chi, 1, 0), TargetAlignment.ofSource(alpha));
                assertThat(error).isCloseTo(RidgelessConstants.of(nu2, chi).error(alpha, sigma), within(1e-12));
            }
        }
    }

    @Test
    void scratchIsTheChiZeroFormula() {
        TargetRegime target = TargetRegime.ridgeless(0.4, 0.5);
        assertThat(FineTuningTheory.scratchError(target)).isCloseTo(0.6 + 0.4 * 0.25 / 0.6, within(1e-12));
        TargetRegime ridged = new TargetRegime(0.4, 0.5, 0.3);
        assertThat(FineTuningTheory.scratchError(ridged))
                .isCloseTo(FineTuningTheory.error(ridged, SpikePlane.rankOne(3, 0.6, 0.8), TargetAlignment.ofSource(0)),
                        within(1e-12));
    }

    @Test
    void generalSpikeOfRankOneEqualsAlphaEffForm() {
        // u = cos b + sin g with chi; target (alphaS, alphaG): the rank-one plane must give 2.6.4 with alpha_eff.
        double cos = 0.6;
        double sin = 0.8;
        TargetAlignment alignment = new TargetAlignment(0.5, 0.3);
        double alphaEff = 0.5 * cos + 0.3 * sin;
        TargetRegime target = new TargetRegime(0.7, 0.2, 0.1);
        double plane = FineTuningTheory.error(target, SpikePlane.rankOne(2.5, cos, sin), alignment);
        double rankOne = FineTuningTheory.error(target, SpikePlane.rankOne(2.5, 1, 0), TargetAlignment.ofSource(alphaEff));
        assertThat(plane).isCloseTo(rankOne, within(1e-12));
    }

    @Test
    void rankTwoSpikeAddsOneTermPerEigenDirection() {
        // Diagonal spike: s = 2 along b, s = 1 along g; direct sum of the spectral terms.
        TargetRegime target = TargetRegime.ridgeless(0.5, 0);
        double kappa = 0.5;
        double expected = (kappa * kappa * 0.36 / Math.pow(0.5 * 3 + kappa, 2)
                + kappa * kappa * 0.16 / Math.pow(0.5 * 2 + kappa, 2)
                + kappa * kappa * 0.48 / Math.pow(0.5 + kappa, 2)) / 0.5;
        assertThat(FineTuningTheory.error(target, new SpikePlane(0, 2, 1), new TargetAlignment(0.6, 0.4)))
                .isCloseTo(expected, within(1e-12));
        // Rotated by 45 degrees in the plane: same eigenvalues, overlaps rotated.
        double r = Math.sqrt(0.5);
        SpikePlane rotated = new SpikePlane(0.5, 1.5, 1.5); // eigen 2 along (b+g)/sqrt2, 1 along (g-b)/sqrt2
        assertThat(FineTuningTheory.error(target, rotated, new TargetAlignment(r * (0.6 - 0.4), r * (0.6 + 0.4))))
                .isCloseTo(expected, within(1e-12));
    }

    @Test
    void noPretrainingGainAtZeroRichness() {
        SourceFit fit = SourceFit.proportional(0.5, 0);
        double chi = SpikeRule.GRADIENT_FLOW.chi(0, fit.betaNormSquared(TeacherNormalisation.UNIT_SIGNAL_VARIANCE, 1000));
        assertThat(chi).isZero();
        TransferGain outcome = FineTuningTheory.fineTuning(TargetRegime.ridgeless(0.3, 0.1),
                fit.spikePlane(chi), TargetAlignment.ofSource(0.9));
        assertThat(outcome.gain()).isCloseTo(0, within(1e-15));
    }

    @Test
    void jointlyRichLazyLimitHalvesTheSpike() {
        TargetAlignment alignment = TargetAlignment.ofSource(0.8);
        double jr = FineTuningTheory.jointlyRichLazyError(0.4, 0, SpikePlane.rankOne(6, 1, 0), alignment);
        double ft = FineTuningTheory.error(TargetRegime.ridgeless(0.4, 0), SpikePlane.rankOne(3, 1, 0), alignment);
        assertThat(jr).isCloseTo(ft, within(1e-15));
    }

    @Test
    void interpolationPeak() {
        TargetAlignment alignment = TargetAlignment.ofSource(0.8);
        assertThat(FineTuningTheory.error(TargetRegime.ridgeless(1, 0), SpikePlane.rankOne(2, 1, 0), alignment)).isZero();
        assertThat(FineTuningTheory.error(TargetRegime.ridgeless(1, 0.1), SpikePlane.rankOne(2, 1, 0), alignment))
                .isInfinite();
    }

    @Test
    void weightDecayPhaseBoundary() {
        assertThat(WeightDecayTheory.fineTuningError(0.8)).isCloseTo(0.36, within(1e-15));
        TransferGain positive = WeightDecayTheory.fineTuning(0.8, TargetRegime.ridgeless(0.5, 0));
        assertThat(positive.gain()).isCloseTo(0.5 - 0.36, within(1e-12));
        assertThat(WeightDecayTheory.positiveTransferNoiseless(0.8, 0.5)).isTrue();
        TransferGain negative = WeightDecayTheory.fineTuning(0.6, TargetRegime.ridgeless(0.5, 0));
        assertThat(negative.negativeTransfer()).isTrue();
        assertThat(WeightDecayTheory.positiveTransferNoiseless(0.6, 0.5)).isFalse();
    }
}
