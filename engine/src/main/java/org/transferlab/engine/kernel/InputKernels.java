package org.transferlab.engine.kernel;

import org.transferlab.engine.linalg.Blas;
import org.transferlab.engine.linalg.Matrix;
import org.transferlab.engine.linalg.Vectors;

/** Linear kernels on inputs (rows of A and B): the data kernel and its rank-one spiked version. */
public final class InputKernels {
    private InputKernels() {
    }

    /** K_x(a, b) = a.b/D for every pair of rows. */
    public static Matrix linear(Matrix a, Matrix b) {
        requireSameDim(a, b);
        Matrix k = Matrix.zeros(a.rows(), b.rows());
        Blas.gemm(false, true, 1.0 / a.cols(), a, b, 0.0, k);
        return k;
    }

    /**
     * a^T (I + chi u u^T) b / D with u a unit vector: the source-adapted kernel of a linear network
     * (THEORY 2.6.2). {@code u} is normalised here, so any nonzero vector along the spike will do.
     */
    public static Matrix spikedLinear(Matrix a, Matrix b, double chi, double[] u) {
        if (!(Vectors.norm(u) > 0) || u.length != a.cols()) {
            throw new IllegalArgumentException("spike direction must be a nonzero vector of length " + a.cols());
        }
        return SpikedInputKernel.rankOne(1, chi, u).gram(a, b);
    }

    /** Squared norms |x|^2/D of the rows: the diagonal of K_x. */
    static double[] diagonal(Matrix a) {
        double[] d = new double[a.rows()];
        double[] ad = a.data();
        int cols = a.cols();
        for (int i = 0; i < a.rows(); i++) {
            double s = 0;
            for (int j = 0; j < cols; j++) {
                double v = ad[i * cols + j];
                s += v * v;
            }
            d[i] = s / cols;
        }
        return d;
    }

    private static void requireSameDim(Matrix a, Matrix b) {
        if (a.cols() != b.cols()) {
            throw new IllegalArgumentException("input dimensions differ: " + a.cols() + " vs " + b.cols());
        }
    }
}
