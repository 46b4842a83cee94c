package org.transferlab.engine.theory.dmft;

/** Largest eigenvalue of a symmetric PSD operator by power iteration (for stability bounds). */
final class PowerIteration {
    private static final int MAX_ITERATIONS = 300;
    private static final double TOLERANCE = 1e-7;

    @FunctionalInterface
    interface Operator {
        /** y = A x. */
        void apply(double[] x, double[] y);
    }

    private PowerIteration() {
    }

    static double largest(int n, Operator op) {
        if (n == 0) {
            return 0.0;
        }
        double[] x = new double[n];
        double[] y = new double[n];
        // a fixed start with a component along every direction (no seed needed, deterministic)
        for (int i = 0; i < n; i++) {
            x[i] = 1.0 + 0.1 * Math.sin(i + 1.0);
        }
        normalise(x);
        double estimate = 0;
        for (int it = 0; it < MAX_ITERATIONS; it++) {
            op.apply(x, y);
            double rayleigh = 0;
            for (int i = 0; i < n; i++) {
                rayleigh += x[i] * y[i];
            }
            double norm = normalise(y);
            if (norm == 0 || !Double.isFinite(norm)) {
                return norm;
            }
            double[] t = x;
            x = y;
            y = t;
            if (Math.abs(rayleigh - estimate) <= TOLERANCE * Math.abs(rayleigh)) {
                return Math.max(rayleigh, norm);
            }
            estimate = rayleigh;
        }
        return estimate;
    }

    private static double normalise(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d * d;
        }
        double norm = Math.sqrt(s);
        if (norm > 0) {
            for (int i = 0; i < v.length; i++) {
                v[i] /= norm;
            }
        }
        return norm;
    }
}
