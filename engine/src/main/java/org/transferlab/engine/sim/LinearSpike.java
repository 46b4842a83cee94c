package org.transferlab.engine.sim;

import org.transferlab.engine.linalg.Blas;
import org.transferlab.engine.linalg.Matrix;
import org.transferlab.engine.linalg.Vectors;

/**
 * The rank-one spike of a linear network's feature kernel (THEORY 2.6.2): with M = W^T W/N and
 * beta_f = W^T w/(gamma N), u = beta_f/|beta_f|, the measured spike is u^T M u - 1, to compare with
 * the gradient-flow closed form sqrt(1 + gamma^2 |beta_f|^2) - 1.
 *
 * beta_f here is the raw W^T w/(gamma N) that enters the Lorentz invariant, not the centred function's
 * coefficient (they differ by the O(sqrt(D/N)) initial W0^T w0/(gamma N)).
 */
public record LinearSpike(double[] betaF, double betaFNormSquared, double chiMeasured, double chiFormula) {
    public static LinearSpike measure(TwoLayerNetwork net, double gamma) {
        Matrix w = net.firstLayer();
        int n = net.width();
        double[] betaF = new double[net.inputDim()];
        Blas.gemv(true, 1.0 / (gamma * n), w, net.readout(), 0.0, betaF);
        double norm2 = Vectors.dot(betaF, betaF);
        // u^T M u = |W u|^2/N: no D x D matrix needed.
        double[] wu = w.times(Vectors.unit(betaF));
        double chiMeasured = Vectors.dot(wu, wu) / n - 1;
        return new LinearSpike(betaF, norm2, chiMeasured, Math.sqrt(1 + gamma * gamma * norm2) - 1);
    }
}
