package org.transferlab.engine.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReadoutPassTest {
    private final SplittableRandom rng = new SplittableRandom(11);

    /**
     * The fused pass against the passes it replaces: activate, A w, the residual, the backward factors
     * and A^T Delta. Large shapes are split over blocks (partial readout gradients), small ones not;
     * an odd width exercises the tail of the four-way sum.
     */
    @ParameterizedTest
    @CsvSource({"RELU, 7, 5", "RELU, 300, 203", "LINEAR, 300, 203", "RELU, 1, 40"})
    void matchesTheUnfusedPasses(Activation phi, int rows, int cols) {
        Matrix h = Matrix.gaussian(rows, cols, rng);
        double[] w = Matrix.gaussian(1, cols, rng).data();
        double[] y = Matrix.gaussian(1, rows, rng).data();
        double[] offset = Matrix.gaussian(1, rows, rng).data();
        double outScale = 0.37;

        Matrix a = Matrix.zeros(rows, cols);
        FusedPasses.activate(phi, h, a);
        double[] delta = new double[rows];
        double sse = 0;
        for (int mu = 0; mu < rows; mu++) {
            double f = 0;
            for (int i = 0; i < cols; i++) {
                f += a.get(mu, i) * w[i];
            }
            delta[mu] = y[mu] - (outScale * f - offset[mu]);
            sse += delta[mu] * delta[mu];
        }
        Matrix factors = Matrix.zeros(rows, cols);
        FusedPasses.gradientFactors(phi, a, w, delta, factors);
        double[] gradient = new double[cols];
        Blas.gemv(true, 1.0, a, delta, 0.0, gradient);

        ReadoutPass pass = new ReadoutPass(rows, cols);
        Matrix m = h.copy();
        double fusedSse = pass.run(phi, m, w, outScale, y, offset);

        assertThat(fusedSse).isCloseTo(sse, within(1e-10 * sse));
        for (int mu = 0; mu < rows; mu++) {
            for (int i = 0; i < cols; i++) {
                // phi' is taken from the same activation values: the factors agree up to the residual's rounding
                assertThat(m.get(mu, i)).isCloseTo(factors.get(mu, i), within(1e-11));
            }
        }
        for (int i = 0; i < cols; i++) {
            assertThat(pass.readoutGradient()[i]).isCloseTo(gradient[i], within(1e-10));
        }
    }

    @ParameterizedTest
    @CsvSource({"RELU", "LINEAR"})
    void aNonFiniteActivationReachesTheLoss(Activation phi) {
        Matrix h = Matrix.gaussian(3, 4, rng);
        h.set(1, 2, Double.NaN);
        ReadoutPass pass = new ReadoutPass(3, 4);
        double sse = pass.run(phi, h, new double[] {1, 1, 1, 1}, 1.0, new double[3], new double[3]);
        assertThat(sse).isNaN();
    }
}
