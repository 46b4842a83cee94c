package org.transferlab.engine.theory.dmft;

/**
 * State W (M x D), fields h = W X_S^T / sqrt(D) computed on demand: since K[I,:] = X_I X_S^T / D,
 * the step A K[I,:] is (A X_I / sqrt D) X_S^T / sqrt D, i.e. W <- keep W + gradCoef A X_I / sqrt D.
 * Exactly the field-space dynamics, at O(M |I| D) per step.
 */
final class WeightSpaceFields implements ParticleFields {
    private final int m;
    private final int d;
    private final double[] x;
    private final double[] w;
    private final double scale;
    private final double[] scratch;   // D, for kernelTimes

    private WeightSpaceFields(int m, int d, double[] x, double[] w) {
        this.m = m;
        this.d = d;
        this.x = x;
        this.w = w;
        this.scale = 1.0 / Math.sqrt(d);
        this.scratch = new double[d];
    }

    static WeightSpaceFields sample(int m, double[] inputs, int d, GaussianSampler rng) {
        double[] w = new double[m * d];
        rng.fill(w, 0, w.length);
        return new WeightSpaceFields(m, d, inputs, w);
    }

    @Override
    public int particles() {
        return m;
    }

    @Override
    public void block(int rowFrom, int rowTo, int from, int to, double[] out) {
        int p = to - from;
        RowMajor.gemm(false, true, rowTo - rowFrom, p, d, scale, w, rowFrom * d, d, x, from * d, d, 0.0, out, 0, p);
    }

    @Override
    public void update(int rowFrom, int rowTo, int from, int to, double[] a, double gradCoef, double keep,
                      ParticleFields anchor, double anchorCoef) {
        int p = to - from;
        int rows = rowTo - rowFrom;
        RowMajor.gemm(false, false, rows, d, p, gradCoef * scale, a, 0, p, x, from * d, d, keep, w, rowFrom * d, d);
        if (anchorCoef != 0.0) {
            RowMajor.axpy(rows * d, anchorCoef, ((WeightSpaceFields) anchor).w, rowFrom * d, w, rowFrom * d);
        }
    }

    @Override
    public void kernelTimes(int from, int to, double[] v, double[] y) {
        int p = to - from;
        RowMajor.gemvT(p, d, 1.0, x, from * d, d, v, 0, 0.0, scratch, 0);
        RowMajor.gemv(p, d, 1.0 / d, x, from * d, d, scratch, 0, 0.0, y, 0);
    }

    @Override
    public ParticleFields copy() {
        return new WeightSpaceFields(m, d, x, w.clone());
    }
}
