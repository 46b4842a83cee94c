package org.transferlab.engine.theory.dmft;

import org.transferlab.engine.kernel.KernelAlignment;
import org.transferlab.engine.linalg.Activation;
import org.transferlab.engine.linalg.Blas;
import org.transferlab.engine.linalg.FusedPasses;
import org.transferlab.engine.linalg.Matrix;
import org.transferlab.engine.theory.spectral.TopEigenvalues;
import org.transferlab.protocol.result.KernelSpectra;

/**
 * What a trained particle state gives on blocks of points: the groups' outputs and the pooled
 * feature kernels. Reads only; the phases and the solver's kernel queries share it.
 */
final class GroupFeatures {
    private final ParticleData data;
    private final Activation act;
    private final int groups;
    private final int mg;

    GroupFeatures(ParticleData data, ParticleSpec spec) {
        this.data = data;
        this.act = spec.activation();
        this.groups = spec.groups();
        this.mg = spec.groupSize();
    }

    /** Uncentred group outputs phi(h) w_g / (gamma M_g) on points [from, to). */
    double[][] outputsOn(ParticleFields fields, double[][] w, double gamma, int from, int to) {
        Matrix phi = Matrix.zeros(to - from, mg);
        double[][] out = new double[groups][to - from];
        for (int g = 0; g < groups; g++) {
            fields.block(g, from, to, phi);
            FusedPasses.activate(act, phi, phi);
            Blas.gemv(false, 1.0 / (gamma * mg), phi, w[g], 0.0, out[g]);
        }
        return out;
    }

    /**
     * Phi(rows, cols) = phi(H)^T phi(H) / M of {@code fields}, or with {@code derivative}
     * G'(rows, cols) = E[phi'(h) phi'(h')].
     */
    Matrix pooledKernel(ParticleFields fields, PointBlock rows, PointBlock cols, boolean derivative) {
        return pooledKernel(fields, range(rows), range(cols), derivative);
    }

    private Matrix pooledKernel(ParticleFields fields, int[] r, int[] c, boolean derivative) {
        Matrix hr = Matrix.zeros(r[1] - r[0], mg);
        Matrix hc = Matrix.zeros(c[1] - c[0], mg);
        Matrix k = Matrix.zeros(hr.rows(), hc.rows());
        for (int g = 0; g < groups; g++) {
            fields.block(g, r[0], r[1], hr);
            fields.block(g, c[0], c[1], hc);
            FusedPasses.activate(act, hr, hr);
            FusedPasses.activate(act, hc, hc);
            if (derivative) {
                toDerivative(hr);
                toDerivative(hc);
            }
            Blas.gemm(false, true, 1.0 / (mg * groups), hr, hc, 1.0, k);
        }
        return k;
    }

    /** The alignment of the pooled feature kernel with the target labels on I2 (NaN without I2). */
    double targetAlignment(ParticleFields fields) {
        if (data.targetCount() == 0) {
            return Double.NaN;
        }
        return KernelAlignment.of(pooledKernel(fields, PointBlock.TARGET_TRAIN, PointBlock.TARGET_TRAIN, false),
                data.targetLabels());
    }

    /** A(Phi, y) of the pooled feature kernel on the points [from, to) with their labels y (THEORY 1.6). */
    double alignment(ParticleFields fields, int from, int to, double[] y) {
        int[] r = {from, to};
        return KernelAlignment.of(pooledKernel(fields, r, r, false), y);
    }

    /** The top of the pooled feature kernel's spectrum on I2, over its trace (empty without I2). */
    double[] targetSpectrum(ParticleFields fields) {
        if (data.targetCount() == 0) {
            return new double[0];
        }
        return TopEigenvalues.overTrace(pooledKernel(fields, PointBlock.TARGET_TRAIN, PointBlock.TARGET_TRAIN, false),
                KernelSpectra.TOP);
    }

    /** phi(h) -> phi'(h), in place. */
    private void toDerivative(Matrix a) {
        double[] d = a.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = act.derivativeFromOutput(d[i]);
        }
    }

    private int[] range(PointBlock block) {
        return switch (block) {
            case SOURCE_TRAIN -> new int[] {0, data.targetFrom()};
            case TARGET_TRAIN -> new int[] {data.targetFrom(), data.testFrom()};
            case TEST -> new int[] {data.testFrom(), data.pointCount()};
        };
    }
}
