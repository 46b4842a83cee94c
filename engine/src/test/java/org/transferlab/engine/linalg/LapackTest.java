package org.transferlab.engine.linalg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

/** The native Cholesky path (surefire points netlib at the system's liblapack.so.3 when it exists). */
class LapackTest {
    @Test
    void choleskySolveMatchesEjmlAndRefusesIndefiniteMatrices() {
        assumeThat(Lapack.isNative()).as("native LAPACK loaded (" + Lapack.implementation() + ")").isTrue();
        int n = 300;
        Matrix g = Matrix.gaussian(n, n + 10, new SplittableRandom(3));
        Matrix a = Matrix.zeros(n, n);
        Blas.gemm(false, true, 1.0 / n, g, g, 0.0, a);
        double[] b = new SplittableRandom(4).doubles(n).toArray();

        double[] x = b.clone();
        assertThat(Lapack.choleskySolve(a.copy().data(), n, x)).isTrue();
        DMatrixRMaj expected = new DMatrixRMaj(n, 1);
        assertThat(CommonOps_DDRM.solveSPD(a.copy().asEjml(), new DMatrixRMaj(n, 1, true, b), expected)).isTrue();
        for (int i = 0; i < n; i++) {
            assertThat(x[i]).isCloseTo(expected.get(i, 0), org.assertj.core.data.Offset.offset(1e-8 * (1 + Math.abs(x[i]))));
        }

        Matrix indefinite = a.copy();
        indefinite.set(0, 0, -1);
        assertThat(Lapack.choleskySolve(indefinite.data(), n, b.clone())).isFalse();
    }
}
