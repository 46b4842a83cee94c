package org.transferlab.engine.theory.spectral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.transferlab.engine.theory.linear.FineTuningTheory;
import org.transferlab.engine.theory.linear.SpikePlane;
import org.transferlab.engine.theory.linear.SpikeRule;
import org.transferlab.engine.theory.linear.SpikedLinearKernel;
import org.transferlab.engine.theory.linear.TargetAlignment;
import org.transferlab.engine.theory.linear.TargetRegime;

class LearningCurveTest {

    private static KernelSpectrum flat(int d, double[] coefficients) {
        double[] eta = new double[d];
        Arrays.fill(eta, 1.0 / d);
        return new KernelSpectrum(eta, coefficients);
    }

    /** A flat spectrum eta = 1/D is the isotropic kernel: 2.6.4's kappa and the scratch (chi = 0) error. */
    @Test
    void flatSpectrumReproducesIsotropicTheory() {
        int d = 200;
        double[] v = new double[d];
        Arrays.fill(v, Math.sqrt(1.0 / d));
        KernelSpectrum spectrum = flat(d, v);
        for (double nu : new double[] {0.3, 0.8, 1.7}) {
            for (double ridge : new double[] {0, 0.05, 1}) {
                double sigma = 0.3;
                TargetRegime regime = new TargetRegime(nu, sigma, ridge);
                LearningCurve.Point point = LearningCurve.evaluate(spectrum, nu * d, ridge, sigma * sigma);
                assertThat(point.kappa()).isCloseTo(regime.kappa(), within(1e-12));
                assertThat(point.g()).isCloseTo(regime.g(), within(1e-12));
                assertThat(point.error()).isCloseTo(FineTuningTheory.scratchError(regime), within(1e-10));
            }
        }
    }

    /** One spiked mode (1 + chi)/D carrying alpha^2 of the target: 2.6.4's E_FT up to O(1/D). */
    @Test
    void spikedSpectrumReproducesFineTuningError() {
        int d = 100_000;
        double alpha = 0.9;
        double chi = 3;
        double[] eta = new double[d];
        double[] v = new double[d];
        Arrays.fill(eta, 1.0 / d);
        Arrays.fill(v, Math.sqrt((1 - alpha * alpha) / (d - 1)));
        eta[0] = (1 + chi) / d;
        v[0] = alpha;
        LearningCurve.Point point = LearningCurve.evaluate(new KernelSpectrum(eta, v), 0.5 * d, 0, 0);
        assertThat(point.error()).isCloseTo(0.1598, within(1e-3));
        assertThat(point.error()).isCloseTo(FineTuningTheory.error(TargetRegime.ridgeless(0.5, 0),
                SpikePlane.rankOne(chi, 1, 0), TargetAlignment.ofSource(alpha)), within(1e-4));
    }

    /**
     * Two levels, n1 modes at eta1 and n2 at eta2, ridgeless: with a = P eta1, b = P eta2 the
     * self-consistency 1 = n1 eta1/(a + kappa) + n2 eta2/(b + kappa) is the quadratic
     * kappa^2 + (a + b - n1 eta1 - n2 eta2) kappa + ab - n1 eta1 b - n2 eta2 a = 0.
     */
    @Test
    void twoLevelSpectrumSolvesItsQuadratic() {
        int n1 = 10;
        int n2 = 90;
        double eta1 = 0.05;
        double eta2 = 0.002;
        double p = 30;
        double[] eta = new double[n1 + n2];
        double[] v = new double[n1 + n2];
        for (int k = 0; k < n1 + n2; k++) {
            eta[k] = k < n1 ? eta1 : eta2;
            v[k] = k < n1 ? 0.25 : 0.05;
        }
        double a = p * eta1;
        double b = p * eta2;
        double linear = a + b - n1 * eta1 - n2 * eta2;
        double constant = a * b - n1 * eta1 * b - n2 * eta2 * a;
        double expectedKappa = 0.5 * (-linear + Math.sqrt(linear * linear - 4 * constant));
        KernelSpectrum spectrum = new KernelSpectrum(eta, v);
        LearningCurve.Point point = LearningCurve.evaluate(spectrum, p, 0, 0.1);
        assertThat(point.kappa()).isCloseTo(expectedKappa, within(1e-12 * expectedKappa));
        double k = expectedKappa;
        double g = n1 * p * eta1 * eta1 / Math.pow(a + k, 2) + n2 * p * eta2 * eta2 / Math.pow(b + k, 2);
        double bias = k * k * (n1 * 0.0625 / Math.pow(a + k, 2) + n2 * 0.0025 / Math.pow(b + k, 2));
        assertThat(point.g()).isCloseTo(g, within(1e-12));
        assertThat(point.error()).isCloseTo((bias + 0.1 * g) / (1 - g), within(1e-12));
        // With a ridge the root still satisfies the fixed point.
        double withRidge = LearningCurve.kappa(spectrum, p, 0.3);
        double s = 0;
        for (double e : eta) {
            s += e / (p * e + withRidge);
        }
        assertThat(withRidge).isCloseTo(0.3 + withRidge * s, within(1e-13));
    }

    @Test
    void moreSamplesThanModesLearnsEverything() {
        KernelSpectrum spectrum = new KernelSpectrum(new double[] {0.5, 0.2, 0}, new double[] {0.6, 0.3, 0.2});
        LearningCurve.Point point = LearningCurve.evaluate(spectrum, 4, 0, 0.1);
        assertThat(point.kappa()).isZero();
        assertThat(point.g()).isCloseTo(0.5, within(1e-15));
        // The zero mode is never learned; noise amplified by g/(1 - g) = 1.
        assertThat(point.error()).isCloseTo((0.04 + 0.05) / 0.5, within(1e-15));
    }

    /**
     * Gram of the spiked linear kernel on M = 600 Gaussian points in D = 10: D eigenvalues near 1/D (the
     * spiked one near (1 + chi)/D, up to Marchenko-Pastur spread sqrt(D/M) ~ 0.13), the rest exactly zero
     * after the round-off cutoff, and the target power |y|^2/M.
     */
    @Test
    void spectrumFromGramMatrix() {
        int d = 10;
        int m = 600;
        Random random = new Random(17);
        DMatrixRMaj x = new DMatrixRMaj(m, d);
        for (int i = 0; i < x.data.length; i++) {
            x.data[i] = random.nextGaussian();
        }
        double[] betaF = new double[d];
        betaF[0] = 2;
        SpikedLinearKernel kernel = SpikedLinearKernel.sourceAdapted(betaF, 1, SpikeRule.GRADIENT_FLOW);
        double chi = kernel.spike();
        double[] y = new double[m];
        double power = 0;
        for (int i = 0; i < m; i++) {
            y[i] = x.get(i, 0); // target = the spiked coordinate, unit variance
            power += y[i] * y[i] / m;
        }
        KernelSpectrum spectrum = KernelSpectrum.fromGram(kernel.gram(x, x), y);
        double[] eta = spectrum.eigenvalues().clone();
        Arrays.sort(eta);
        long positive = Arrays.stream(eta).filter(e -> e > 0).count();
        assertThat(positive).isEqualTo(d);
        // the nonzero eigenvalues are those of A^(1/2) (X^T X/m) A^(1/2)/D, A = I + chi e e^T: the spiked one is
        // (1 + chi)/D times the sample variance of x_0, whose relative spread is sqrt(2/m) (4 of them allowed);
        // the others fill the Marchenko-Pastur bulk of d - 1 directions, whose edge is (1 + sqrt((d-1)/m))^2
        double spread = Math.sqrt(2.0 / m);
        assertThat(eta[m - 1] * d).isCloseTo(1 + chi, within(4 * spread * (1 + chi)));
        assertThat(eta[m - 2] * d).isCloseTo(1, within(Math.pow(1 + Math.sqrt((d - 1.0) / m), 2) - 1 + 2 * spread));
        assertThat(spectrum.targetPower()).isCloseTo(power, within(1e-10));
        // Learning the spiked coordinate from P = 5 samples: close to the rank-one 2.6.4 value at nu2 = 0.5.
        double theory = FineTuningTheory.error(TargetRegime.ridgeless(0.5, 0), SpikePlane.rankOne(chi, 1, 0),
                TargetAlignment.ofSource(1));
        assertThat(LearningCurve.evaluate(spectrum, 5, 0, 0).error()).isCloseTo(theory, within(0.1));
    }

    @Test
    void refusesInvalidInputs() {
        assertThatThrownBy(() -> new KernelSpectrum(new double[] {1, -0.1}, new double[] {0, 0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(">= 0");
        assertThatThrownBy(() -> new KernelSpectrum(new double[] {1}, new double[] {0, 0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one target coefficient per eigenvalue");
        KernelSpectrum spectrum = new KernelSpectrum(new double[] {1}, new double[] {1});
        assertThatThrownBy(() -> LearningCurve.evaluate(spectrum, 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("samples P").hasMessageContaining("> 0");
        assertThatThrownBy(() -> LearningCurve.evaluate(spectrum, 3, -1, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ridge");
        assertThatThrownBy(() -> LearningCurve.evaluate(spectrum, 3, 0, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("noiseVariance");
    }
}
