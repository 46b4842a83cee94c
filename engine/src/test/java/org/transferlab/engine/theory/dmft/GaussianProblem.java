package org.transferlab.engine.theory.dmft;

import java.util.stream.IntStream;

/**
 * Small Gaussian-input problems for the tests: x ~ N(0, I_D), a linear source teacher and a target
 * teacher at alignment 0.6 with a quadratic part, so ReLU features matter.
 */
record GaussianProblem(double[] x, int dim, int p1, int p2, int pt, double[] y1, double[] y2, double[] yt1,
                       double[] yt2) {

    static GaussianProblem draw(int dim, int p1, int p2, int pt, long seed) {
        GaussianSampler rng = new GaussianSampler(seed);
        int n = p1 + p2 + pt;
        double[] x = new double[n * dim];
        rng.fill(x, 0, x.length);
        double[] bs = new double[dim];
        double[] bp = new double[dim];
        rng.fill(bs, 0, dim);
        rng.fill(bp, 0, dim);
        double[] s = new double[n];
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            double zs = 0;
            double zp = 0;
            for (int d = 0; d < dim; d++) {
                zs += bs[d] * x[i * dim + d];
                zp += bp[d] * x[i * dim + d];
            }
            zs /= Math.sqrt(dim);
            zp /= Math.sqrt(dim);
            s[i] = zs;
            double zt = 0.6 * zs + 0.8 * zp;
            t[i] = zt + 0.5 * (zt * zt - 1);
        }
        return new GaussianProblem(x, dim, p1, p2, pt,
                slice(s, 0, p1), slice(t, p1, p2), slice(s, p1 + p2, pt), slice(t, p1 + p2, pt));
    }

    private static double[] slice(double[] v, int from, int n) {
        double[] out = new double[n];
        System.arraycopy(v, from, out, 0, n);
        return out;
    }

    int[] source() {
        return IntStream.range(0, p1).toArray();
    }

    int[] target() {
        return IntStream.range(p1, p1 + p2).toArray();
    }

    int[] test() {
        return IntStream.range(p1 + p2, p1 + p2 + pt).toArray();
    }

    ParticleData inputs() {
        return ParticleData.fromInputs(x, dim, source(), target(), test(), y1, y2, yt2, yt1);
    }

    ParticleData kernelOnly() {
        int n = p1 + p2 + pt;
        double[] k = new double[n * n];
        RowMajor.gemm(false, true, n, n, dim, 1.0 / dim, x, 0, dim, x, 0, dim, 0.0, k, 0, n);
        return ParticleData.fromKernel(k, n, source(), target(), test(), y1, y2, yt2, yt1);
    }

    /** K(rows, cols) = x_i . x_j / D for point indices. */
    double[] inputKernel(int[] rows, int[] cols) {
        double[] k = new double[rows.length * cols.length];
        for (int a = 0; a < rows.length; a++) {
            for (int b = 0; b < cols.length; b++) {
                double s = 0;
                for (int d = 0; d < dim; d++) {
                    s += x[rows[a] * dim + d] * x[cols[b] * dim + d];
                }
                k[a * cols.length + b] = s / dim;
            }
        }
        return k;
    }
}
