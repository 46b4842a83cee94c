package org.transferlab.engine.theory.dmft;

import java.util.Arrays;
import org.transferlab.engine.kernel.KernelRidge;
import org.transferlab.engine.linalg.Blas;
import org.transferlab.engine.linalg.Matrix;

/**
 * Gradient descent of a readout on frozen features in function space (THEORY 2.3): with the kernel
 * Phi on the P2 target points (and from the test points to them), f = f_1 + Phi(., I2) c and
 * c <- (1 - eta lambda) c + eta (y - f(I2)). The offset f_1 is the source function (FT-keep) or zero.
 */
final class KernelReadoutFlow {
    private final Matrix kII;
    private final Matrix kTI;
    private final double[] offset;
    private final double[] c;
    private final double[] f;

    /** {@code offset} holds f_1 on the P2 target points, then on the test points. */
    KernelReadoutFlow(Matrix kII, Matrix kTI, double[] offset) {
        this.kII = kII;
        this.kTI = kTI;
        this.offset = offset;
        this.c = new double[kII.rows()];
        this.f = new double[kII.rows()];
    }

    /** The train MSE of the current state; then, if {@code update}, one step with this rate and ridge. */
    double step(double[] y, double rate, double lambda, boolean update) {
        int p2 = c.length;
        System.arraycopy(offset, 0, f, 0, p2);
        Blas.gemv(false, 1.0, kII, c, 1.0, f);
        double loss = 0;
        for (int mu = 0; mu < p2; mu++) {
            double delta = y[mu] - f[mu];
            loss += delta * delta;
            if (update) {
                c[mu] = (1 - rate * lambda) * c[mu] + rate * delta;
            }
        }
        return loss / p2;
    }

    /** The current predictor on the test points. */
    double[] testPredictions() {
        double[] ft = Arrays.copyOfRange(offset, c.length, offset.length);
        Blas.gemv(false, 1.0, kTI, c, 1.0, ft);
        return ft;
    }

    /**
     * The t -> infinity limit f_1 + Phi(., I2) [Phi(I2, I2) + lambda I]^-1 (y - f_1(I2)): its predictions on
     * the test points and its train MSE (lambda^2 |a|^2 / P2 up to the solver's jitter).
     */
    Limit limit(double[] y, double lambda) {
        double[] a = KernelRidge.fit(kII, GroupMath.residual(y, offset), lambda).coefficients();
        double[] ft = Arrays.copyOfRange(offset, c.length, offset.length);
        Blas.gemv(false, 1.0, kTI, a, 1.0, ft);
        double[] ftrain = Arrays.copyOf(offset, c.length);
        Blas.gemv(false, 1.0, kII, a, 1.0, ftrain);
        return new Limit(ft, GroupMath.mse(ftrain, y));
    }

    record Limit(double[] testPredictions, double trainLoss) {
    }
}
