package org.transferlab.engine.theory.dmft;

import java.util.random.RandomGenerator;
import org.transferlab.engine.linalg.Blas;
import org.transferlab.engine.linalg.FusedPasses;
import org.transferlab.engine.linalg.Matrix;

/**
 * State H_g = C Xi_g (Q x M_g) with C = sqrt_psd(K + 1e-4 I): any geometry, O(M |I| Q) per step.
 * The active rows of H are contiguous, so reading them is one array copy.
 */
final class FieldSpaceFields implements ParticleFields {
    /** Keeps C real and well defined for kernels that are singular or PSD only up to rounding (4.A). */
    static final double JITTER = 1e-4;

    private final Matrix kernel;
    private final Matrix[] h;

    private FieldSpaceFields(Matrix kernel, Matrix[] h) {
        this.kernel = kernel;
        this.h = h;
    }

    static FieldSpaceFields sample(int groups, int groupSize, Matrix kernel, ParticleDraw draw, RandomGenerator rng) {
        Matrix root = KernelSquareRoot.of(kernel, JITTER);
        Matrix[] h = new Matrix[groups];
        for (int g = 0; g < groups; g++) {
            h[g] = root.times(draw.normalColumns(kernel.rows(), groupSize, rng));
        }
        return new FieldSpaceFields(kernel, h);
    }

    @Override
    public int groups() {
        return h.length;
    }

    @Override
    public void block(int g, int from, int to, Matrix out) {
        int cols = h[g].cols();
        System.arraycopy(h[g].data(), from * cols, out.data(), 0, (to - from) * cols);
    }

    @Override
    public Active activeSet(int from, int to) {
        int q = kernel.rows();
        int p = to - from;
        Matrix columns = Matrix.zeros(q, p);   // K[:, I]
        for (int i = 0; i < q; i++) {
            System.arraycopy(kernel.data(), i * q + from, columns.data(), i * p, p);
        }
        Matrix square = columns.rowRange(from, to);
        return new ActiveColumns(columns, square);
    }

    private record ActiveColumns(Matrix columns, Matrix square) implements Active {
        @Override
        public void kernelTimes(double[] x, double[] y) {
            Blas.gemv(false, 1.0, square, x, 0.0, y);
        }
    }

    @Override
    public void update(int g, Active active, Matrix a, double gradCoef, double keep, ParticleFields anchor,
                       double pull) {
        FusedPasses.decayTowards(h[g], keep, pull, pull == 0 ? null : ((FieldSpaceFields) anchor).h[g]);
        Blas.gemm(false, false, gradCoef, ((ActiveColumns) active).columns(), a, 1.0, h[g]);
    }

    @Override
    public ParticleFields copy() {
        Matrix[] c = new Matrix[h.length];
        for (int g = 0; g < h.length; g++) {
            c[g] = h[g].copy();
        }
        return new FieldSpaceFields(kernel, c);
    }
}
