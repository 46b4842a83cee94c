package org.transferlab.engine.kernel;

import java.util.List;
import org.transferlab.engine.linalg.Blas;
import org.transferlab.engine.linalg.Matrix;
import org.transferlab.engine.linalg.Vectors;

/**
 * A linear kernel with a low-rank deviation from the isotropic one,
 * K(a, b) = isotropic a.b/D + sum_k spike_k (e_k.a)(e_k.b)/D with unit directions e_k. Every kernel a
 * linear network's readout sees has this form (THEORY 2.6): the input kernel (1, none), the
 * source-adapted kernel (1, chi along u), a spike in the plane of the source and noise directions
 * (Figure 2a's c1, c2, c3, two directions), the weight-decay kernel (0, gamma |beta_f| along u) and
 * the lazy jointly rich NTK (same directions, spikes halved).
 *
 * @param isotropic weight of a.b/D (>= 0)
 * @param spikes    spike_k, each >= -isotropic so that the kernel stays positive semi-definite
 * @param directions e_k, unit vectors of length D
 */
public record SpikedInputKernel(double isotropic, double[] spikes, List<double[]> directions) {
    public SpikedInputKernel {
        if (spikes.length != directions.size()) {
            throw new IllegalArgumentException(spikes.length + " spikes for " + directions.size() + " directions");
        }
        if (!(isotropic >= 0)) {
            throw new IllegalArgumentException("isotropic weight must be >= 0, got " + isotropic);
        }
        for (double s : spikes) {
            if (!Double.isFinite(s) || isotropic + s < -1e-12) {
                throw new IllegalArgumentException("spike " + s + " makes the kernel indefinite (isotropic weight " + isotropic + ")");
            }
        }
        spikes = spikes.clone();
        directions = directions.stream().map(Vectors::unit).toList();
    }

    public static SpikedInputKernel inputKernel() {
        return new SpikedInputKernel(1, new double[0], List.of());
    }

    /** isotropic a.b/D + spike (u.a)(u.b)/D/|u|^2; no spike at all when u is zero. */
    public static SpikedInputKernel rankOne(double isotropic, double spike, double[] u) {
        if (Vectors.norm(u) == 0) {
            return new SpikedInputKernel(isotropic, new double[0], List.of());
        }
        return new SpikedInputKernel(isotropic, new double[] {spike}, List.of(u));
    }

    /** The kernel with every weight multiplied by {@code factor} (plus {@code shift} on the isotropic part). */
    public SpikedInputKernel affine(double factor, double shift) {
        double[] s = spikes.clone();
        for (int k = 0; k < s.length; k++) {
            s[k] *= factor;
        }
        return new SpikedInputKernel(isotropic * factor + shift, s, directions);
    }

    /** Gram block K(A, B) between the rows of A and of B. */
    public Matrix gram(Matrix a, Matrix b) {
        if (a.cols() != b.cols()) {
            throw new IllegalArgumentException("input dimensions differ: " + a.cols() + " vs " + b.cols());
        }
        int d = a.cols();
        Matrix k = Matrix.zeros(a.rows(), b.rows());
        Blas.gemm(false, true, isotropic / d, a, b, 0.0, k);
        double[] kd = k.data();
        int cols = k.cols();
        for (int s = 0; s < spikes.length; s++) {
            double[] au = a.times(directions.get(s));
            double[] bu = b.times(directions.get(s));
            double w = spikes[s] / d;
            for (int i = 0; i < a.rows(); i++) {
                double ai = w * au[i];
                for (int j = 0; j < cols; j++) {
                    kd[i * cols + j] += ai * bu[j];
                }
            }
        }
        return k;
    }
}
