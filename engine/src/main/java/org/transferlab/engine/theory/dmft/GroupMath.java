package org.transferlab.engine.theory.dmft;

import org.transferlab.engine.linalg.Matrix;

/** Small elementwise helpers over per-group vectors and matrices, shared by the particle phases. */
final class GroupMath {
    private GroupMath() {
    }

    /** m += s * other, elementwise. */
    static void addScaled(Matrix m, Matrix other, double s) {
        double[] d = m.data();
        double[] o = other.data();
        for (int i = 0; i < d.length; i++) {
            d[i] += s * o[i];
        }
    }

    /** Mean over groups of per-group vectors. */
    static double[] groupMean(double[][] perGroup) {
        int groups = perGroup.length;
        double[] mean = new double[perGroup[0].length];
        for (double[] v : perGroup) {
            for (int j = 0; j < mean.length; j++) {
                mean[j] += v[j] / groups;
            }
        }
        return mean;
    }

    /** y - offset[0, |y|). */
    static double[] residual(double[] y, double[] offset) {
        double[] r = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            r[i] = y[i] - offset[i];
        }
        return r;
    }

    static double mse(double[] f, double[] y) {
        double s = 0;
        for (int j = 0; j < y.length; j++) {
            double d = f[j] - y[j];
            s += d * d;
        }
        return y.length == 0 ? Double.NaN : s / y.length;
    }

    static double mean(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d;
        }
        return s / v.length;
    }
}
