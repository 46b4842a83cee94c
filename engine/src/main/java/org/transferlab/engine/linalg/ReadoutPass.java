package org.transferlab.engine.linalg;

import java.util.Arrays;

/**
 * The elementwise half of a two-layer training step in one pass over the P x N preactivations,
 * split over rows ({@link ParallelRows}). Per row mu, with a = phi(h):
 *
 * <pre>
 *   f_mu = outScale a.w,   Delta_mu = y_mu - (f_mu - offset_mu)
 *   readoutGradient += Delta_mu a          (A^T Delta)
 *   row <- w o phi'(h) Delta_mu            (the backward factors of the first-layer gradient)
 * </pre>
 *
 * This replaces an activation pass, the output product A w, the residual, the backward-factor pass
 * and the product A^T Delta: the matrix is read once and written once instead of read five times
 * and written three times, and the row is still in cache for its second sweep. The product with X
 * that follows reads the factors from the same buffer.
 *
 * The readout gradient is summed per block and then over blocks in block order, so results do not
 * depend on timing. Holds its buffers: one per training loop, reused every step.
 */
public final class ReadoutPass {
    private final int rows;
    private final int cols;
    private final double[] readoutGradient;
    private final double[][] partialGradients;
    private final double[] partialLosses;

    public ReadoutPass(int rows, int cols) {
        this.rows = rows;
        this.cols = cols;
        this.readoutGradient = new double[cols];
        this.partialGradients = new double[ParallelRows.maxBlocks()][cols];
        this.partialLosses = new double[ParallelRows.maxBlocks()];
    }

    /**
     * Runs the pass over {@code m} (preactivations in, backward factors out).
     *
     * @return sum over rows of Delta^2 (the train loss is this over P)
     */
    public double run(Activation phi, Matrix m, double[] w, double outScale, double[] y, double[] offset) {
        if (m.rows() != rows || m.cols() != cols || w.length != cols || y.length != rows || offset.length != rows) {
            throw new IllegalArgumentException("readout pass: " + m.rows() + "x" + m.cols() + " for buffers "
                    + rows + "x" + cols + ", w " + w.length + ", y " + y.length + ", offset " + offset.length);
        }
        double[] md = m.data();
        int blocks = ParallelRows.blockCount(m.rows(), cols);
        ParallelRows.forEachIndexedBlock(m.rows(), cols, (block, from, to) -> {
            double[] g = partialGradients[block];
            Arrays.fill(g, 0.0);
            double sse = 0;
            for (int mu = from; mu < to; mu++) {
                int base = mu * cols;
                double d = y[mu] - (outScale * activateRow(phi, md, base, w) - offset[mu]);
                sse += d * d;
                if (phi == Activation.LINEAR) {
                    for (int i = 0; i < cols; i++) {
                        g[i] += d * md[base + i];
                        md[base + i] = w[i] * d;
                    }
                } else {
                    for (int i = 0; i < cols; i++) {
                        double a = md[base + i];
                        g[i] += d * a;
                        md[base + i] = Double.longBitsToDouble(Double.doubleToRawLongBits(w[i] * d)
                                & FusedPasses.positiveMask(a));
                    }
                }
            }
            partialLosses[block] = sse;
        });
        double sse = 0;
        System.arraycopy(partialGradients[0], 0, readoutGradient, 0, cols);
        for (int b = 1; b < blocks; b++) {
            double[] g = partialGradients[b];
            for (int i = 0; i < cols; i++) {
                readoutGradient[i] += g[i];
            }
        }
        for (int b = 0; b < blocks; b++) {
            sse += partialLosses[b];
        }
        return sse;
    }

    /**
     * Applies phi to one row in place and returns a.w. Four partial sums: a single sum is a chain of
     * dependent additions, each waiting for the last, which the JIT may not reorder; four chains overlap.
     */
    private static double activateRow(Activation phi, double[] md, int base, double[] w) {
        int n = w.length;
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            double a0 = phi.apply(md[base + i]);
            double a1 = phi.apply(md[base + i + 1]);
            double a2 = phi.apply(md[base + i + 2]);
            double a3 = phi.apply(md[base + i + 3]);
            md[base + i] = a0;
            md[base + i + 1] = a1;
            md[base + i + 2] = a2;
            md[base + i + 3] = a3;
            s0 += a0 * w[i];
            s1 += a1 * w[i + 1];
            s2 += a2 * w[i + 2];
            s3 += a3 * w[i + 3];
        }
        for (; i < n; i++) {
            double a = phi.apply(md[base + i]);
            md[base + i] = a;
            s0 += a * w[i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** A^T Delta of the last run. */
    public double[] readoutGradient() {
        return readoutGradient;
    }
}
