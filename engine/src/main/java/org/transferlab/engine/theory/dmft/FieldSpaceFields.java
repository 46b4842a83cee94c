package org.transferlab.engine.theory.dmft;

/** State H = Xi C (M x Q) with C = sqrt_psd(K + 1e-4 I): any geometry, O(M |I| Q) per step. */
final class FieldSpaceFields implements ParticleFields {
    /** Keeps C real and well defined for kernels that are singular or PSD only up to rounding (4.A). */
    static final double JITTER = 1e-4;

    private final int m;
    private final int q;
    private final double[] kernel;
    private final double[] h;

    private FieldSpaceFields(int m, int q, double[] kernel, double[] h) {
        this.m = m;
        this.q = q;
        this.kernel = kernel;
        this.h = h;
    }

    static FieldSpaceFields sample(int m, double[] kernel, int q, GaussianSampler rng) {
        double[] root = KernelSquareRoot.of(kernel, q, JITTER);
        double[] xi = new double[m * q];
        rng.fill(xi, 0, xi.length);
        double[] h = new double[m * q];
        RowMajor.gemm(false, false, m, q, q, 1.0, xi, 0, q, root, 0, q, 0.0, h, 0, q);
        return new FieldSpaceFields(m, q, kernel, h);
    }

    @Override
    public int particles() {
        return m;
    }

    @Override
    public void block(int rowFrom, int rowTo, int from, int to, double[] out) {
        int p = to - from;
        for (int i = rowFrom; i < rowTo; i++) {
            System.arraycopy(h, i * q + from, out, (i - rowFrom) * p, p);
        }
    }

    @Override
    public void update(int rowFrom, int rowTo, int from, int to, double[] a, double gradCoef, double keep,
                       ParticleFields anchor, double anchorCoef) {
        int p = to - from;
        int rows = rowTo - rowFrom;
        RowMajor.gemm(false, false, rows, q, p, gradCoef, a, 0, p, kernel, from * q, q, keep, h, rowFrom * q, q);
        if (anchorCoef != 0.0) {
            RowMajor.axpy(rows * q, anchorCoef, ((FieldSpaceFields) anchor).h, rowFrom * q, h, rowFrom * q);
        }
    }

    @Override
    public void kernelTimes(int from, int to, double[] x, double[] y) {
        int p = to - from;
        RowMajor.gemv(p, p, 1.0, kernel, from * q + from, q, x, 0, 0.0, y, 0);
    }

    @Override
    public ParticleFields copy() {
        return new FieldSpaceFields(m, q, kernel, h.clone());
    }
}
