package org.transferlab.engine.theory.linear;

import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.transferlab.engine.linalg.Vectors;

/** Seeded Gaussian inputs and linear teachers for the tests. */
final class GaussianData {
    private final Random random;

    GaussianData(long seed) {
        this.random = new Random(seed);
    }

    DMatrixRMaj inputs(int p, int d) {
        DMatrixRMaj x = new DMatrixRMaj(p, d);
        for (int i = 0; i < x.data.length; i++) {
            x.data[i] = random.nextGaussian();
        }
        return x;
    }

    double[] gaussian(int d) {
        double[] v = new double[d];
        for (int i = 0; i < d; i++) {
            v[i] = random.nextGaussian();
        }
        return v;
    }

    /** A teacher of squared norm D (unit signal variance). */
    double[] teacher(int d) {
        return Vectors.scaled(unit(gaussian(d)), Math.sqrt(d));
    }

    /** Unit vector orthogonal to the given unit vectors (Gram-Schmidt of a Gaussian draw). */
    double[] orthogonalUnit(int d, double[]... units) {
        double[] v = gaussian(d);
        for (double[] u : units) {
            double c = Vectors.dot(v, u);
            for (int i = 0; i < d; i++) {
                v[i] -= c * u[i];
            }
        }
        return unit(v);
    }

    /** y = X beta/sqrt(D) + sigma eps. */
    double[] labels(DMatrixRMaj x, double[] beta, double sigma) {
        int d = x.numCols;
        double[] y = new double[x.numRows];
        for (int mu = 0; mu < x.numRows; mu++) {
            double s = 0;
            for (int i = 0; i < d; i++) {
                s += x.unsafe_get(mu, i) * beta[i];
            }
            y[mu] = s / Math.sqrt(d) + sigma * random.nextGaussian();
        }
        return y;
    }

    static double[] unit(double[] v) {
        return Vectors.scaled(v, 1 / Vectors.norm(v));
    }

    static double[] combine(double a, double[] x, double b, double[] y) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = a * x[i] + b * y[i];
        }
        return out;
    }

    static double errorPerDim(double[] beta, double[] teacher) {
        double s = 0;
        for (int i = 0; i < beta.length; i++) {
            s += (beta[i] - teacher[i]) * (beta[i] - teacher[i]);
        }
        return s / beta.length;
    }
}
