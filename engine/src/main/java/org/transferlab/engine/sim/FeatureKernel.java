package org.transferlab.engine.sim;

import org.transferlab.engine.linalg.Activation;
import org.transferlab.engine.linalg.Blas;
import org.transferlab.engine.linalg.Matrix;

/**
 * The measured feature kernel Phi(x, x') = phi(h(x)).phi(h(x'))/N of a first layer W (THEORY 1.3),
 * e.g. the source-adapted Phi1 of W1, on any inputs: Gram blocks for the "direct" kernel method.
 */
public record FeatureKernel(Activation activation, Matrix firstLayer) {
    /** Phi(A, B): rows of a against rows of b. */
    public Matrix gram(Matrix a, Matrix b) {
        TwoLayerNetwork view = new TwoLayerNetwork(activation, firstLayer, new double[firstLayer.rows()]);
        Matrix fa = Matrix.zeros(a.rows(), firstLayer.rows());
        view.features(a, fa);
        Matrix fb;
        if (a == b) {
            fb = fa;
        } else {
            fb = Matrix.zeros(b.rows(), firstLayer.rows());
            view.features(b, fb);
        }
        Matrix k = Matrix.zeros(a.rows(), b.rows());
        Blas.gemm(false, true, 1.0 / firstLayer.rows(), fa, fb, 0.0, k);
        return k;
    }
}
