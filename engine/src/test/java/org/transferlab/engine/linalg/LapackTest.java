package org.transferlab.engine.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The native Cholesky path (surefire points netlib at the system's liblapack.so.3 when it exists). */
class LapackTest {
    /**
     * 300 is one block of ParallelCholesky plus a remainder; at 700 the panel solves and trailing
     * updates are split over the cores.
     */
    @ParameterizedTest
    @ValueSource(ints = {300, 700})
    void choleskySolveMatchesEjmlAndRefusesIndefiniteMatrices(int n) {
        assumeThat(Lapack.isNative()).as("native LAPACK loaded (" + Lapack.implementation() + ")").isTrue();
        Matrix g = Matrix.gaussian(n, n + 10, new SplittableRandom(3));
        Matrix a = Matrix.zeros(n, n);
        Blas.gemm(false, true, 1.0 / n, g, g, 0.0, a);
        double[] b = new SplittableRandom(4).doubles(n).toArray();

        double[] x = b.clone();
        Matrix original = a.copy();
        assertThat(Lapack.choleskySolve(a, 0.0, x)).isTrue();
        assertThat(a.data()).as("A is left as it was").isEqualTo(original.data());
        DMatrixRMaj expected = new DMatrixRMaj(n, 1);
        assertThat(CommonOps_DDRM.solveSPD(a.copy().asEjml(), new DMatrixRMaj(n, 1, true, b), expected)).isTrue();
        for (int i = 0; i < n; i++) {
            assertThat(x[i]).isCloseTo(expected.get(i, 0), org.assertj.core.data.Offset.offset(1e-8 * (1 + Math.abs(x[i]))));
        }

        double[] shifted = b.clone();
        Matrix minusOne = a.copy();
        for (int i = 0; i < n; i++) {
            minusOne.set(i, i, a.get(i, i) - 1.0);
        }
        assertThat(Lapack.choleskySolve(minusOne, 1.0, shifted)).isTrue();
        for (int i = 0; i < n; i++) {
            assertThat(shifted[i]).as("the shift is added to the diagonal").isCloseTo(x[i], org.assertj.core.data.Offset.offset(1e-8 * (1 + Math.abs(x[i]))));
        }

        for (int pivot : new int[] {0, n - 50}) {
            Matrix indefinite = a.copy();
            indefinite.set(pivot, pivot, -1);
            double[] untouched = b.clone();
            assertThat(Lapack.choleskySolve(indefinite, 0.0, untouched)).as("pivot %d", pivot).isFalse();
            assertThat(untouched).isEqualTo(b);
        }
    }
}
