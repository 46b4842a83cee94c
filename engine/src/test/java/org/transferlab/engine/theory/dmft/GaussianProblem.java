package org.transferlab.engine.theory.dmft;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.transferlab.engine.kernel.ArcCosineKernels;
import org.transferlab.engine.kernel.InputKernels;
import org.transferlab.engine.linalg.Matrix;
import org.transferlab.engine.task.Dataset;
import org.transferlab.engine.task.TransferData;

/**
 * Small Gaussian-input problems for the tests: x ~ N(0, I_D), a linear source teacher and a target
 * teacher at an alignment with the source's (0.6 by default) with a quadratic part (by default), so
 * ReLU features matter.
 */
record GaussianProblem(Matrix x, int p1, int p2, int pt, double[] y1, double[] y2, double[] yt1, double[] yt2) {

    static GaussianProblem draw(int dim, int p1, int p2, int pt, long seed) {
        return draw(dim, p1, p2, pt, 0.6, 0.5, seed);
    }

    /**
     * @param alignment the target teacher's overlap with the source teacher
     * @param quadratic the weight of the target's (z^2 - 1) part (0: a linear target)
     */
    static GaussianProblem draw(int dim, int p1, int p2, int pt, double alignment, double quadratic, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int n = p1 + p2 + pt;
        Matrix x = Matrix.gaussian(n, dim, rng);
        Matrix teachers = Matrix.gaussian(2, dim, rng);
        double[] s = new double[n];
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            double zs = 0;
            double zp = 0;
            for (int d = 0; d < dim; d++) {
                zs += teachers.get(0, d) * x.get(i, d);
                zp += teachers.get(1, d) * x.get(i, d);
            }
            zs /= Math.sqrt(dim);
            zp /= Math.sqrt(dim);
            s[i] = zs;
            double zt = alignment * zs + Math.sqrt(1 - alignment * alignment) * zp;
            t[i] = zt + quadratic * (zt * zt - 1);
        }
        return new GaussianProblem(x, p1, p2, pt,
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
        return ParticleData.fromInputs(x.data(), x.cols(), source(), target(), test(), y1, y2, yt2, yt1);
    }

    /** The same draw as a network simulation's data (clean labels: no label noise here). */
    TransferData transferData() {
        return new TransferData(new Dataset(rowsOf(source()), y1, y1), new Dataset(rowsOf(target()), y2, y2),
                new Dataset(rowsOf(test()), yt2, yt2), new Dataset(rowsOf(test()), yt1, yt1), null, null, null);
    }

    ParticleData kernelOnly() {
        Matrix k = InputKernels.linear(x, x);
        return ParticleData.fromKernel(k.data(), x.rows(), source(), target(), test(), y1, y2, yt2, yt1);
    }

    /** The arc-cosine Gram blocks between two index sets (THEORY 2.1). */
    ArcCosineKernels.Gram gram(int[] rows, int[] cols) {
        return ArcCosineKernels.between(rowsOf(rows), rowsOf(cols));
    }

    Matrix rowsOf(int[] idx) {
        Matrix m = Matrix.zeros(idx.length, x.cols());
        for (int i = 0; i < idx.length; i++) {
            System.arraycopy(x.data(), idx[i] * x.cols(), m.data(), i * x.cols(), x.cols());
        }
        return m;
    }
}
