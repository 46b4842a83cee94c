package org.transferlab.engine.linalg;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.ejml.data.DMatrixRMaj;

/**
 * A dense row-major matrix of doubles: element (r, c) lives at {@code data[r * cols + c]}.
 *
 * The storage is exposed on purpose: the hot loops (products through {@link Blas}, fused passes
 * through {@link FusedPasses}) work on the array directly, and EJML's {@link DMatrixRMaj} shares
 * the same layout, so decompositions can wrap it without copying.
 */
public final class Matrix {
    private final int rows;
    private final int cols;
    private final double[] data;

    private Matrix(int rows, int cols, double[] data) {
        if (rows < 0 || cols < 0 || data.length != (long) rows * cols) {
            throw new IllegalArgumentException("matrix " + rows + "x" + cols + " cannot hold " + data.length + " values");
        }
        this.rows = rows;
        this.cols = cols;
        this.data = data;
    }

    public static Matrix zeros(int rows, int cols) {
        return new Matrix(rows, cols, new double[Math.multiplyExact(rows, cols)]);
    }

    /** Wraps (does not copy) a row-major array. */
    public static Matrix wrap(int rows, int cols, double[] data) {
        return new Matrix(rows, cols, data);
    }

    /** Independent standard normal entries drawn row by row from {@code rng}. */
    public static Matrix gaussian(int rows, int cols, RandomGenerator rng) {
        Matrix m = zeros(rows, cols);
        for (int i = 0; i < m.data.length; i++) {
            m.data[i] = rng.nextGaussian();
        }
        return m;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** The backing row-major array (not a copy). */
    public double[] data() {
        return data;
    }

    public double get(int r, int c) {
        return data[r * cols + c];
    }

    public void set(int r, int c, double v) {
        data[r * cols + c] = v;
    }

    public double[] row(int r) {
        return Arrays.copyOfRange(data, r * cols, (r + 1) * cols);
    }

    public Matrix copy() {
        return new Matrix(rows, cols, data.clone());
    }

    /** Copies {@code other}'s values into this matrix (same shape), reusing this storage. */
    public void setFrom(Matrix other) {
        requireSameShape(other);
        System.arraycopy(other.data, 0, data, 0, data.length);
    }

    /** Rows {@code from} (inclusive) to {@code to} (exclusive) as a new matrix. */
    public Matrix rowRange(int from, int to) {
        return new Matrix(to - from, cols, Arrays.copyOfRange(data, from * cols, to * cols));
    }

    public Matrix transpose() {
        Matrix t = zeros(cols, rows);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t.data[c * rows + r] = data[r * cols + c];
            }
        }
        return t;
    }

    /** this * other (a new matrix), through BLAS. */
    public Matrix times(Matrix other) {
        Matrix out = zeros(rows, other.cols);
        Blas.gemm(false, false, 1.0, this, other, 0.0, out);
        return out;
    }

    /** this * v (a new vector), through BLAS. */
    public double[] times(double[] v) {
        double[] out = new double[rows];
        Blas.gemv(false, 1.0, this, v, 0.0, out);
        return out;
    }

    public double trace() {
        double t = 0;
        for (int i = 0; i < Math.min(rows, cols); i++) {
            t += data[i * cols + i];
        }
        return t;
    }

    public boolean allFinite() {
        for (double v : data) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    /** A view for EJML sharing this storage: EJML's DMatrixRMaj is row-major too. */
    public DMatrixRMaj asEjml() {
        return DMatrixRMaj.wrap(rows, cols, data);
    }

    private void requireSameShape(Matrix other) {
        if (other.rows != rows || other.cols != cols) {
            throw new IllegalArgumentException("shape " + other.rows + "x" + other.cols + " != " + rows + "x" + cols);
        }
    }

    @Override
    public String toString() {
        return "Matrix[" + rows + "x" + cols + "]";
    }
}
