package org.transferlab.engine.theory.bayes;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.transferlab.engine.linalg.Matrix;

/**
 * The Bayesian saddle of a linear network in closed form (THEORY 2.5.2 with phi(h) = h): the tilted
 * measure N(0, K) exp((gamma^2/2)(a.h_X)^2) is Gaussian with covariance
 * K + lambda (K a)(K a)^T over all points, lambda = gamma^2 / (1 - gamma^2 c), c = a^T K_XX a, and the
 * fixed point a = (Phi + I/beta)^{-1} y reduces to a = (K_XX (1 + rho) + I/beta)^{-1} y with rho = lambda c
 * solving gamma^2 c(rho) = rho / (1 + rho), c(rho) = sum_i lambda_i y_i^2 / ((1 + rho) lambda_i + 1/beta)^2
 * in the eigenbasis of K_XX. Both sides are monotone in rho, so bisection finds the one root.
 */
final class LinearSaddle {
    private LinearSaddle() {
    }

    /** Phi over all n points of K (the first y.length of them train points), columns the train points. */
    static Matrix kernel(Matrix k, double[] y, double gamma, double beta) {
        int p = y.length;
        int n = k.rows();
        DMatrixRMaj kxx = new DMatrixRMaj(p, p);
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                kxx.set(i, j, k.get(i, j));
            }
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(p, true, true);
        eig.decompose(kxx);
        double[] lambda = new double[p];
        double[][] v = new double[p][];
        double[] yv = new double[p];
        for (int e = 0; e < p; e++) {
            lambda[e] = Math.max(0, eig.getEigenvalue(e).getReal());
            v[e] = eig.getEigenVector(e).getData().clone();
            for (int i = 0; i < p; i++) {
                yv[e] += v[e][i] * y[i];
            }
        }
        double lo = 0;
        double hi = 1;
        while (gamma * gamma * c(lambda, yv, hi, beta) > hi / (1 + hi)) {
            hi *= 2;
        }
        for (int it = 0; it < 200; it++) {
            double mid = 0.5 * (lo + hi);
            if (gamma * gamma * c(lambda, yv, mid, beta) > mid / (1 + mid)) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        double rho = 0.5 * (lo + hi);
        double[] a = new double[p];
        for (int e = 0; e < p; e++) {
            double coef = yv[e] / ((1 + rho) * lambda[e] + 1 / beta);
            for (int i = 0; i < p; i++) {
                a[i] += coef * v[e][i];
            }
        }
        double c = c(lambda, yv, rho, beta);
        double spike = gamma * gamma / (1 - gamma * gamma * c);
        double[] ka = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                ka[i] += k.get(i, j) * a[j];
            }
        }
        Matrix phi = Matrix.zeros(n, p);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                phi.set(i, j, k.get(i, j) + spike * ka[i] * ka[j]);
            }
        }
        return phi;
    }

    private static double c(double[] lambda, double[] yv, double rho, double beta) {
        double c = 0;
        for (int e = 0; e < lambda.length; e++) {
            double denominator = (1 + rho) * lambda[e] + 1 / beta;
            c += lambda[e] * yv[e] * yv[e] / (denominator * denominator);
        }
        return c;
    }
}
