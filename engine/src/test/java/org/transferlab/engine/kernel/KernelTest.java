package org.transferlab.engine.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.transferlab.engine.linalg.Matrix;
import org.transferlab.engine.run.EngineException;
import org.transferlab.protocol.FailureCode;

class KernelTest {
    private final SplittableRandom rng = new SplittableRandom(17);

    @Test
    void ridgelessRegressionInterpolatesTheTrainingLabels() {
        Matrix x = Matrix.gaussian(15, 40, rng);
        double[] y = Matrix.gaussian(1, 15, rng).data();
        Matrix k = ArcCosineKernels.between(x, x).ntk0();
        KernelRidgeFit fit = KernelRidge.fit(k, y, 0);
        double[] pred = fit.predict(k);
        for (int i = 0; i < y.length; i++) {
            assertThat(pred[i]).isCloseTo(y[i], within(1e-4));
        }
        assertThat(fit.jitter()).isPositive();
        assertThat(fit.relativeResidual()).isLessThan(1e-10);
    }

    @Test
    void oneDimensionalExampleByHand() {
        // K(x, x') = x x' on inputs {1, 2}, labels {1, 3}, ridge 1:
        // [[2, 2], [2, 5]] a = [1, 3]  =>  a = [-1/6, 2/3]; prediction at x = 3: 3 (1 (-1/6) + 2 (2/3)) = 3.5.
        Matrix k = Matrix.wrap(2, 2, new double[] {1, 2, 2, 4});
        KernelRidgeFit fit = KernelRidge.fit(k, new double[] {1, 3}, 1.0);
        assertThat(fit.coefficients()[0]).isCloseTo(-1.0 / 6, within(1e-12));
        assertThat(fit.coefficients()[1]).isCloseTo(2.0 / 3, within(1e-12));
        Matrix kTest = Matrix.wrap(1, 2, new double[] {3, 6});
        assertThat(fit.predict(kTest)[0]).isCloseTo(3.5, within(1e-12));
        assertThat(fit.testMse(kTest, new double[] {3.0})).isCloseTo(0.25, within(1e-12));
    }

    @Test
    void indefiniteKernelIsIllConditioned() {
        Matrix k = Matrix.wrap(2, 2, new double[] {1, 3, 3, 1});
        assertThatThrownBy(() -> KernelRidge.fit(k, new double[] {1, 1}, 0))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.code()).isEqualTo(FailureCode.ILL_CONDITIONED));
    }

    @Test
    void arcCosineClosedFormsMatchRandomFeatureAverages() {
        int d = 8;
        Matrix x = Matrix.gaussian(4, d, rng);
        ArcCosineKernels.Gram closed = ArcCosineKernels.between(x, x);
        int features = 200_000;
        double[][] phi = new double[4][4];
        double[][] g = new double[4][4];
        double[] h = new double[4];
        for (int s = 0; s < features; s++) {
            double[] wv = new double[d];
            for (int j = 0; j < d; j++) {
                wv[j] = rng.nextGaussian();
            }
            double readout = rng.nextGaussian();
            for (int i = 0; i < 4; i++) {
                double dot = 0;
                for (int j = 0; j < d; j++) {
                    dot += wv[j] * x.get(i, j);
                }
                h[i] = dot / Math.sqrt(d);
            }
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 4; j++) {
                    phi[i][j] += Math.max(h[i], 0) * Math.max(h[j], 0);
                    g[i][j] += readout * readout * (h[i] > 0 ? 1 : 0) * (h[j] > 0 ? 1 : 0);
                }
            }
        }
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                double mcPhi = phi[i][j] / features;
                double mcG = g[i][j] / features;
                // Monte-Carlo standard errors at 2e5 features are ~0.003 on these O(0.5) entries.
                assertThat(closed.phi0().get(i, j)).isCloseTo(mcPhi, within(0.02));
                assertThat(closed.g0().get(i, j)).isCloseTo(mcG, within(0.02));
                assertThat(closed.ntk0().get(i, j)).isCloseTo(mcPhi + mcG * closed.inputKernel().get(i, j), within(0.04));
            }
        }
    }

    @Test
    void spikedLinearKernelAddsTheRankOneTerm() {
        Matrix a = Matrix.gaussian(3, 5, rng);
        Matrix b = Matrix.gaussian(2, 5, rng);
        double[] u = {2, 0, 0, 0, 0};
        Matrix k = InputKernels.spikedLinear(a, b, 3.0, u);
        Matrix plain = InputKernels.linear(a, b);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 2; j++) {
                assertThat(k.get(i, j)).isCloseTo(plain.get(i, j) + 3.0 * a.get(i, 0) * b.get(j, 0) / 5, within(1e-12));
            }
        }
    }
}
