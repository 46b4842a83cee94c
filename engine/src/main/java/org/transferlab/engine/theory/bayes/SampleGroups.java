package org.transferlab.engine.theory.bayes;

import org.transferlab.engine.kernel.KernelRidge;
import org.transferlab.engine.linalg.Blas;
import org.transferlab.engine.linalg.Matrix;

/**
 * The weighted kernel sum_n omega_n phi_n(all points) phi_n(train points)^T kept as {@value #GROUPS}
 * partial sums over contiguous, independent blocks of the samples (batch means). Their total is the
 * saddle's kernel over [train | test] x train; each block's own kernel, normalised by its weight, gives
 * one predictor, and the spread of their test losses over sqrt(groups) estimates the Monte-Carlo
 * error of the loss at the full sample size. The importance weights themselves come from all samples,
 * so the error of the weights' coefficients a is a second-order effect this leaves out.
 */
final class SampleGroups {
    static final int GROUPS = 4;

    private final int units;
    private final int unitSize;
    private final Matrix[] sums;
    private final double[] weights = new double[GROUPS];

    /**
     * @param units     independent sampling units (prior samples; a transfer's source samples)
     * @param unitSize  consecutive rows per unit (1; a transfer's R conditional samples)
     * @param points    rows of the kernel: train points first, then test points
     * @param train     columns of the kernel: the train points
     */
    SampleGroups(int units, int unitSize, int points, int train) {
        this.units = units;
        this.unitSize = unitSize;
        this.sums = new Matrix[GROUPS];
        for (int g = 0; g < GROUPS; g++) {
            sums[g] = Matrix.zeros(points, train);
        }
    }

    private int group(int row) {
        return (int) ((long) (row / unitSize) * GROUPS / units);
    }

    /**
     * Adds rows [firstRow, firstRow + rows) of the sample: {@code weighted} holds omega_n phi_n over all
     * points, {@code phiTrain} phi_n over the train points, {@code weight} omega_n (rows of both inputs
     * are the same samples in the same order).
     */
    void add(int firstRow, Matrix weighted, Matrix phiTrain, double[] weight) {
        int rows = weighted.rows();
        int start = 0;
        while (start < rows) {
            int g = group(firstRow + start);
            int end = start + 1;
            while (end < rows && group(firstRow + end) == g) {
                end++;
            }
            Blas.gemm(true, false, 1.0, weighted.rowRange(start, end), phiTrain.rowRange(start, end), 1.0, sums[g]);
            for (int r = start; r < end; r++) {
                weights[g] += weight[firstRow + r];
            }
            start = end;
        }
    }

    /** The kernel over [train | test] x train of all samples (the weights sum to one). */
    Matrix total() {
        Matrix t = Matrix.zeros(sums[0].rows(), sums[0].cols());
        for (Matrix s : sums) {
            double[] d = t.data();
            double[] sd = s.data();
            for (int i = 0; i < d.length; i++) {
                d[i] += sd[i];
            }
        }
        return t;
    }

    /**
     * Standard error of the kernel predictor's test MSE at the full sample size: the standard deviation
     * of the groups' losses over sqrt(groups). NaN without test labels.
     */
    double lossStdErr(double[] y, double[] testLabels, double ridge) {
        if (testLabels.length == 0) {
            return Double.NaN;
        }
        int p = y.length;
        double[] loss = new double[GROUPS];
        double mean = 0;
        for (int g = 0; g < GROUPS; g++) {
            Matrix k = sums[g].copy();
            double[] d = k.data();
            for (int i = 0; i < d.length; i++) {
                d[i] /= weights[g];
            }
            Matrix train = k.rowRange(0, p);
            symmetrise(train);
            loss[g] = KernelRidge.fit(train, y, ridge).testMse(k.rowRange(p, k.rows()), testLabels);
            mean += loss[g] / GROUPS;
        }
        double ss = 0;
        for (double l : loss) {
            ss += (l - mean) * (l - mean);
        }
        return Math.sqrt(ss / (GROUPS - 1)) / Math.sqrt(GROUPS);
    }

    private static void symmetrise(Matrix m) {
        for (int i = 0; i < m.rows(); i++) {
            for (int j = i + 1; j < m.cols(); j++) {
                double v = 0.5 * (m.get(i, j) + m.get(j, i));
                m.set(i, j, v);
                m.set(j, i, v);
            }
        }
    }
}
