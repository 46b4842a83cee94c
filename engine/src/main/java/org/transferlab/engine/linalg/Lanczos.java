package org.transferlab.engine.linalg;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Largest eigenvalue of a symmetric positive semi-definite operator given only as a product,
 * by Lanczos with full reorthogonalisation. Power iteration stalls when the top eigenvalues cluster
 * (the Marchenko-Pastur edge of a Gaussian-data NTK needs ~70 products); Lanczos resolves the edge
 * in a few tens of products, each as costly as a gradient step.
 */
public final class Lanczos {
    @FunctionalInterface
    public interface SymmetricOperator {
        /** out = K in; must not keep references to the arrays. */
        void apply(double[] in, double[] out);
    }

    private Lanczos() {
    }

    /**
     * @param relativeTolerance stop once the top Ritz value moves by less than this fraction
     * @param maxProducts       at most this many operator products (capped at the dimension)
     */
    public static double largestEigenvalue(SymmetricOperator op, int dim, double relativeTolerance, int maxProducts) {
        // A fixed start vector keeps the estimate, and any refusal based on it, reproducible.
        SplittableRandom rng = new SplittableRandom(0x5EEDL);
        double[] q = new double[dim];
        for (int i = 0; i < dim; i++) {
            q[i] = 1.0 + 0.5 * rng.nextGaussian();
        }
        q = Vectors.unit(q);
        List<double[]> basis = new ArrayList<>();
        List<Double> alphas = new ArrayList<>();
        List<Double> betas = new ArrayList<>();
        double ritz = 0;
        double[] w = new double[dim];
        int limit = Math.min(dim, maxProducts);
        for (int j = 0; j < limit; j++) {
            basis.add(q);
            op.apply(q, w);
            double alpha = Vectors.dot(q, w);
            alphas.add(alpha);
            for (int pass = 0; pass < 2; pass++) {
                for (double[] b : basis) {
                    Vectors.addScaled(w, -Vectors.dot(b, w), b);
                }
            }
            double beta = Vectors.norm(w);
            double next = largestOfTridiagonal(alphas, betas);
            boolean converged = j > 0 && Math.abs(next - ritz) <= relativeTolerance * Math.abs(next);
            ritz = next;
            if (converged || beta <= 1e-12 * Math.max(Math.abs(alpha), 1e-300)) {
                break;
            }
            betas.add(beta);
            q = Vectors.scaled(w, 1.0 / beta);
        }
        return ritz;
    }

    private static double largestOfTridiagonal(List<Double> alphas, List<Double> betas) {
        int n = alphas.size();
        DMatrixRMaj t = new DMatrixRMaj(n, n);
        for (int i = 0; i < n; i++) {
            t.set(i, i, alphas.get(i));
            if (i + 1 < n) {
                t.set(i, i + 1, betas.get(i));
                t.set(i + 1, i, betas.get(i));
            }
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, false, true);
        if (!eig.decompose(t)) {
            throw new IllegalStateException("eigen-decomposition of a " + n + "x" + n + " tridiagonal failed");
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, eig.getEigenvalue(i).getReal());
        }
        return max;
    }
}
