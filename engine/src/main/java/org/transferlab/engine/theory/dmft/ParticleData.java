package org.transferlab.engine.theory.dmft;

import java.util.Optional;
import org.transferlab.engine.kernel.InputKernels;
import org.transferlab.engine.linalg.Matrix;
import org.transferlab.engine.run.EngineException;
import org.transferlab.protocol.FailureCode;

/**
 * The point set S of THEORY 4.A with its labels: source-train points I1, target-train points I2 and
 * test points It, gathered into one internal order [I1 | I2 | It] so that every index set is a
 * contiguous column block of the particle fields. The geometry is either the inputs X_S (which
 * allows weight-space sampling) or only the input kernel K = X_S X_S^T / D (field space only).
 */
public final class ParticleData {
    private final int p1;
    private final int p2;
    private final int pt;
    private final int inputDim;
    private final Matrix inputs;   // Q x D in internal order, or null when only the kernel is known
    private final Matrix kernel;   // Q x Q in internal order, or null when the inputs are known
    private final double[] sourceLabels;
    private final double[] targetLabels;
    private final double[] testLabels;
    private final double[] sourceTestLabels;   // may be null: the source task need not be defined on test points

    private ParticleData(int p1, int p2, int pt, int inputDim, Matrix inputs, Matrix kernel,
                         double[] sourceLabels, double[] targetLabels, double[] testLabels,
                         double[] sourceTestLabels) {
        this.p1 = p1;
        this.p2 = p2;
        this.pt = pt;
        this.inputDim = inputDim;
        this.inputs = inputs;
        this.kernel = kernel;
        this.sourceLabels = sourceLabels.clone();
        this.targetLabels = targetLabels.clone();
        this.testLabels = testLabels.clone();
        this.sourceTestLabels = sourceTestLabels == null ? null : sourceTestLabels.clone();
        requireFinite("sourceLabels", this.sourceLabels);
        requireFinite("targetLabels", this.targetLabels);
        requireFinite("testLabels", this.testLabels);
        if (this.sourceTestLabels != null) {
            requireLength("sourceTestLabels", this.sourceTestLabels, pt);
            requireFinite("sourceTestLabels", this.sourceTestLabels);
        }
        if (p1 == 0) {
            throw invalid("the source-train set I1 is empty");
        }
    }

    /**
     * @param x        all inputs, row-major (n x inputDim)
     * @param source   rows of x in I1; {@code sourceLabels} in the same order
     * @param target   rows of x in I2 (may be empty for a source-only run); {@code targetLabels} likewise
     * @param test     rows of x in It; {@code testLabels} are the target task's clean labels there
     * @param sourceTestLabels the source task on the test points, or null
     */
    public static ParticleData fromInputs(double[] x, int inputDim, int[] source, int[] target, int[] test,
                                          double[] sourceLabels, double[] targetLabels, double[] testLabels,
                                          double[] sourceTestLabels) {
        if (inputDim <= 0 || x.length % inputDim != 0) {
            throw invalid("inputs of length " + x.length + " are not rows of dimension " + inputDim);
        }
        int[] order = order(x.length / inputDim, source, target, test, sourceLabels, targetLabels, testLabels);
        double[] xs = new double[order.length * inputDim];
        for (int i = 0; i < order.length; i++) {
            System.arraycopy(x, order[i] * inputDim, xs, i * inputDim, inputDim);
        }
        requireFinite("inputs", xs);
        return new ParticleData(source.length, target.length, test.length, inputDim,
                Matrix.wrap(order.length, inputDim, xs), null,
                sourceLabels, targetLabels, testLabels, sourceTestLabels);
    }

    /** As {@link #fromInputs} but from the n x n input kernel only (field-space sampling). */
    public static ParticleData fromKernel(double[] k, int n, int[] source, int[] target, int[] test,
                                          double[] sourceLabels, double[] targetLabels, double[] testLabels,
                                          double[] sourceTestLabels) {
        if (k.length != n * n) {
            throw invalid("kernel of length " + k.length + " is not " + n + "x" + n);
        }
        int[] order = order(n, source, target, test, sourceLabels, targetLabels, testLabels);
        int q = order.length;
        double[] ks = new double[q * q];
        for (int i = 0; i < q; i++) {
            for (int j = 0; j < q; j++) {
                ks[i * q + j] = k[order[i] * n + order[j]];
            }
        }
        requireFinite("kernel", ks);
        return new ParticleData(source.length, target.length, test.length, 0, null, Matrix.wrap(q, q, ks),
                sourceLabels, targetLabels, testLabels, sourceTestLabels);
    }

    private static int[] order(int n, int[] source, int[] target, int[] test,
                               double[] sourceLabels, double[] targetLabels, double[] testLabels) {
        requireLength("sourceLabels", sourceLabels, source.length);
        requireLength("targetLabels", targetLabels, target.length);
        requireLength("testLabels", testLabels, test.length);
        int[] order = new int[source.length + target.length + test.length];
        System.arraycopy(source, 0, order, 0, source.length);
        System.arraycopy(target, 0, order, source.length, target.length);
        System.arraycopy(test, 0, order, source.length + target.length, test.length);
        boolean[] seen = new boolean[n];
        for (int i : order) {
            if (i < 0 || i >= n) {
                throw invalid("point index " + i + " outside [0, " + n + ")");
            }
            if (seen[i]) {
                throw invalid("point " + i + " appears twice in the source, target and test sets");
            }
            seen[i] = true;
        }
        return order;
    }

    private static void requireLength(String name, double[] v, int n) {
        if (v.length != n) {
            throw invalid(name + " has " + v.length + " entries, expected " + n);
        }
    }

    private static void requireFinite(String name, double[] v) {
        for (double d : v) {
            if (!Double.isFinite(d)) {
                throw invalid(name + " contains a non-finite value");
            }
        }
    }

    private static EngineException invalid(String message) {
        return new EngineException(FailureCode.INVALID_SPEC, message);
    }

    public int sourceCount() {
        return p1;
    }

    public int targetCount() {
        return p2;
    }

    public int testCount() {
        return pt;
    }

    /** |S| = Q. */
    public int pointCount() {
        return p1 + p2 + pt;
    }

    public boolean hasInputs() {
        return inputs != null;
    }

    /** D, or 0 when only the kernel is known. */
    public int inputDim() {
        return inputDim;
    }

    /** Column where I2 starts in the internal order. */
    int targetFrom() {
        return p1;
    }

    /** Column where It starts in the internal order. */
    int testFrom() {
        return p1 + p2;
    }

    /** Inputs in internal order (Q x D), shared, not copied: callers never write. */
    Matrix inputs() {
        return inputs;
    }

    /** K = X_S X_S^T / D in internal order (Q x Q); computed from the inputs on every call. */
    Matrix kernel() {
        return kernel != null ? kernel : InputKernels.linear(inputs, inputs);
    }

    double[] sourceLabels() {
        return sourceLabels;
    }

    double[] targetLabels() {
        return targetLabels;
    }

    double[] testLabels() {
        return testLabels;
    }

    Optional<double[]> sourceTestLabels() {
        return Optional.ofNullable(sourceTestLabels);
    }

    @Override
    public String toString() {
        return "ParticleData[P1=" + p1 + ", P2=" + p2 + ", Ptest=" + pt + ", D=" + inputDim
                + ", inputs=" + hasInputs() + "]";
    }
}
