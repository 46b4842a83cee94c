package org.transferlab.engine.bench;

import java.util.SplittableRandom;
import org.transferlab.engine.kernel.ArcCosineKernels;
import org.transferlab.engine.kernel.KernelRidge;
import org.transferlab.engine.linalg.Matrix;

/**
 * (c) Kernel ridge regression through {@link KernelRidge}: the Cholesky solve of
 * (K + ridge I) a = y on P training points and the prediction K_test a on P_test points. The Gram
 * matrices (ReLU NTK of Gaussian inputs, THEORY 2.1) are built once, outside what is timed.
 */
public final class KernelRidgeWorkload {
    public static final int P = 2000;
    public static final int P_TEST = 2000;
    public static final int D = 100;
    public static final double RIDGE = 1e-3;

    private final int p;
    private final int pt;
    private final Matrix train;
    private final Matrix testTrain;
    private final double[] y;

    public KernelRidgeWorkload(int p, int pt, int d, long seed) {
        this.p = p;
        this.pt = pt;
        SplittableRandom rng = new SplittableRandom(seed);
        Matrix x = Matrix.gaussian(p, d, rng);
        Matrix xt = Matrix.gaussian(pt, d, rng);
        train = ArcCosineKernels.between(x, x).ntk0();
        testTrain = ArcCosineKernels.between(xt, x).ntk0();
        y = new double[p];
        for (int i = 0; i < p; i++) {
            y[i] = x.get(i, 0);
        }
    }

    /** P = 2000 training and 2000 test points, D = 100, ridge 1e-3. */
    public static KernelRidgeWorkload standard() {
        return new KernelRidgeWorkload(P, P_TEST, D, 1);
    }

    /** Fit and predict; returns the predictions on the test points. */
    public double[] run() {
        return KernelRidge.fit(train, y, RIDGE).predict(testTrain);
    }

    /** Cholesky P^3/3, two triangular solves 2 P^2, prediction 2 P P_test. */
    public double flops() {
        return (double) p * p * p / 3 + 2.0 * p * p + 2.0 * p * pt;
    }

    /** The Gram matrices, for a side-by-side implementation to solve the same system. */
    public Matrix trainGram() {
        return train;
    }

    public String size() {
        return "P=" + p + " Ptest=" + pt;
    }
}
