package org.transferlab.engine.kernel;

import org.transferlab.engine.linalg.Matrix;

/**
 * Lazy (initial-time) kernels of a ReLU network with h ~ N(0, K_x) and w ~ N(0, 1) (THEORY 2.1):
 * with c = K(x,x')/sqrt(K(x,x) K(x',x')), theta = arccos c,
 * Phi0 = sqrt(K(x,x) K(x',x'))/(2 pi) (sin theta + (pi - theta) c), G0 = (pi - theta)/(2 pi),
 * K_NTK0 = Phi0 + G0 K_x.
 */
public final class ArcCosineKernels {
    /** The three Gram blocks between the rows of two input matrices. */
    public record Gram(Matrix inputKernel, Matrix phi0, Matrix g0, Matrix ntk0) {
    }

    private ArcCosineKernels() {
    }

    public static Gram between(Matrix a, Matrix b) {
        Matrix kx = InputKernels.linear(a, b);
        double[] da = InputKernels.diagonal(a);
        double[] db = InputKernels.diagonal(b);
        int rows = a.rows();
        int cols = b.rows();
        Matrix phi0 = Matrix.zeros(rows, cols);
        Matrix g0 = Matrix.zeros(rows, cols);
        Matrix ntk0 = Matrix.zeros(rows, cols);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                double k = kx.get(i, j);
                double scale = Math.sqrt(da[i] * db[j]);
                double p;
                double g;
                if (scale == 0) {
                    // A zero input has h = 0: phi(0) = 0 and phi'(0) = 1[0 > 0] = 0.
                    p = 0;
                    g = 0;
                } else {
                    double c = Math.max(-1.0, Math.min(1.0, k / scale));
                    double theta = Math.acos(c);
                    p = scale / (2 * Math.PI) * (Math.sin(theta) + (Math.PI - theta) * c);
                    g = (Math.PI - theta) / (2 * Math.PI);
                }
                phi0.set(i, j, p);
                g0.set(i, j, g);
                ntk0.set(i, j, p + g * k);
            }
        }
        return new Gram(kx, phi0, g0, ntk0);
    }
}
