package org.transferlab.engine.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BlasTest {
    private final SplittableRandom rng = new SplittableRandom(7);

    @Test
    void gemmMatchesNaiveProductForEveryTranspositionAndAccumulates() {
        Matrix a = Matrix.gaussian(5, 3, rng);
        Matrix b = Matrix.gaussian(3, 4, rng);
        Matrix expected = naive(a, b);
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                Matrix c = Matrix.gaussian(5, 4, rng);
                Matrix c0 = c.copy();
                Blas.gemm(ta, tb, 2.0, ta ? a.transpose() : a, tb ? b.transpose() : b, 0.5, c);
                for (int i = 0; i < 5; i++) {
                    for (int j = 0; j < 4; j++) {
                        assertThat(c.get(i, j)).isCloseTo(2 * expected.get(i, j) + 0.5 * c0.get(i, j), within(1e-12));
                    }
                }
            }
        }
    }

    @Test
    void productsSplitOverCoresMatchNaiveSumsAlongEitherSideForEveryTransposition() {
        // Above Blas.MIN_SPLIT_MULTIPLY_ADDS: C is split by rows when it is taller than wide and by
        // columns otherwise, each block a BLAS call at an offset of A, B and C.
        int k = 80;
        for (int[] shape : new int[][] {{300, 200}, {200, 300}}) {
            int m = shape[0];
            int n = shape[1];
            assertThat((long) m * n * k).isGreaterThanOrEqualTo(Blas.MIN_SPLIT_MULTIPLY_ADDS);
            Matrix a = Matrix.gaussian(m, k, rng);
            Matrix b = Matrix.gaussian(k, n, rng);
            Matrix expected = naive(a, b);
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    Matrix c = Matrix.gaussian(m, n, rng);
                    Matrix c0 = c.copy();
                    Blas.gemm(ta, tb, 2.0, ta ? a.transpose() : a, tb ? b.transpose() : b, 0.5, c);
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < n; j++) {
                            assertThat(c.get(i, j)).as("%dx%d ta=%s tb=%s (%d, %d)", m, n, ta, tb, i, j)
                                    .isCloseTo(2 * expected.get(i, j) + 0.5 * c0.get(i, j), within(1e-10));
                        }
                    }
                }
            }
        }
    }

    @Test
    void matrixVectorProductsSplitOverCoresMatchNaiveSums() {
        Matrix a = Matrix.gaussian(400, 170, rng);
        double[] x = Matrix.gaussian(1, 400, rng).data();
        double[] atx = new double[170];
        Blas.gemv(true, 1.0, a, x, 0.0, atx);
        for (int k = 0; k < 170; k++) {
            double s = 0;
            for (int i = 0; i < 400; i++) {
                s += a.get(i, k) * x[i];
            }
            assertThat(atx[k]).isCloseTo(s, within(1e-11));
        }
    }

    @Test
    void gemvMatchesNaiveProductBothWays() {
        Matrix a = Matrix.gaussian(4, 6, rng);
        double[] x6 = {1, 2, 3, 4, 5, 6};
        double[] x4 = {1, -1, 2, -2};
        double[] y = a.times(x6);
        double[] yt = new double[6];
        Blas.gemv(true, 1.0, a, x4, 0.0, yt);
        for (int i = 0; i < 4; i++) {
            double s = 0;
            for (int j = 0; j < 6; j++) {
                s += a.get(i, j) * x6[j];
            }
            assertThat(y[i]).isCloseTo(s, within(1e-12));
        }
        for (int j = 0; j < 6; j++) {
            double s = 0;
            for (int i = 0; i < 4; i++) {
                s += a.get(i, j) * x4[i];
            }
            assertThat(yt[j]).isCloseTo(s, within(1e-12));
        }
    }

    @Test
    void reportsWhichImplementationRuns() {
        assertThat(Blas.implementation()).startsWith("dev.ludovic.netlib.blas.");
    }

    @Test
    void fusedGradientFactorsAreParallelSafeAndExact() {
        // Large enough to take the parallel path; compared with a plain loop.
        Matrix h = Matrix.gaussian(300, 200, rng);
        Matrix a = Matrix.zeros(300, 200);
        FusedPasses.activate(Activation.RELU, h, a);
        double[] w = Matrix.gaussian(1, 200, rng).data();
        double[] delta = Matrix.gaussian(1, 300, rng).data();
        Matrix out = Matrix.zeros(300, 200);
        FusedPasses.gradientFactors(Activation.RELU, a, w, delta, out);
        for (int mu = 0; mu < 300; mu += 17) {
            for (int i = 0; i < 200; i += 13) {
                double expected = h.get(mu, i) > 0 ? w[i] * delta[mu] : 0;
                assertThat(out.get(mu, i)).isEqualTo(expected);
                assertThat(a.get(mu, i)).isEqualTo(Math.max(0, h.get(mu, i)));
            }
        }
    }

    @Test
    void minNormLeastSquaresInterpolatesWithTheSmallestNorm() {
        Matrix x = Matrix.gaussian(3, 6, rng);
        double[] y = {1, 2, 3};
        double[] b = LeastSquares.minNorm(x, y);
        double[] fit = x.times(b);
        for (int i = 0; i < 3; i++) {
            assertThat(fit[i]).isCloseTo(y[i], within(1e-10));
        }
        // Min-norm solutions lie in the row space: b = X^T c for some c.
        double[] c = LeastSquares.minNorm(x.transpose(), b);
        double[] back = x.transpose().times(c);
        for (int j = 0; j < 6; j++) {
            assertThat(back[j]).isCloseTo(b[j], within(1e-10));
        }
    }

    private static Matrix naive(Matrix a, Matrix b) {
        Matrix c = Matrix.zeros(a.rows(), b.cols());
        for (int i = 0; i < a.rows(); i++) {
            for (int j = 0; j < b.cols(); j++) {
                double s = 0;
                for (int k = 0; k < a.cols(); k++) {
                    s += a.get(i, k) * b.get(k, j);
                }
                c.set(i, j, s);
            }
        }
        return c;
    }
}
