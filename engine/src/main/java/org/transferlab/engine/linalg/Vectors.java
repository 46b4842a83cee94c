package org.transferlab.engine.linalg;

/** Small dense-vector helpers (double[]); the long loops go through {@link Blas} or {@link FusedPasses}. */
public final class Vectors {
    private Vectors() {
    }

    public static double dot(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("lengths " + a.length + " != " + b.length);
        }
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    public static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    public static double[] scaled(double[] a, double s) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] * s;
        }
        return out;
    }

    /** a / |a|; throws if a is zero (a direction is then undefined). */
    public static double[] unit(double[] a) {
        double n = norm(a);
        if (!(n > 0)) {
            throw new IllegalArgumentException("zero vector has no direction");
        }
        return scaled(a, 1.0 / n);
    }

    /** y += s x, in place. */
    public static void addScaled(double[] y, double s, double[] x) {
        for (int i = 0; i < y.length; i++) {
            y[i] += s * x[i];
        }
    }

    /** mean((a - b)^2). */
    public static double meanSquaredDifference(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("lengths " + a.length + " != " + b.length);
        }
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            s += d * d;
        }
        return s / a.length;
    }

    /** Population variance of the entries: mean of squares about their mean. */
    public static double variance(double[] a) {
        double mean = 0;
        for (double v : a) {
            mean += v / a.length;
        }
        double s = 0;
        for (double v : a) {
            s += (v - mean) * (v - mean);
        }
        return s / a.length;
    }
}
