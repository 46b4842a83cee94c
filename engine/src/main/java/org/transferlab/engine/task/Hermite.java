package org.transferlab.engine.task;

/** Probabilists' Hermite polynomials He_k (He_0 = 1, He_1 = z, He_{k+1} = z He_k - k He_{k-1}). */
public final class Hermite {
    private Hermite() {
    }

    public static double probabilists(int k, double z) {
        if (k < 0) {
            throw new IllegalArgumentException("Hermite degree must be >= 0, got " + k);
        }
        double prev = 1.0;
        if (k == 0) {
            return prev;
        }
        double cur = z;
        for (int n = 1; n < k; n++) {
            double next = z * cur - n * prev;
            prev = cur;
            cur = next;
        }
        return cur;
    }

    /** He_k(z)/sqrt(k!): unit variance under z ~ N(0,1), orthogonal across degrees. */
    public static double normalised(int k, double z) {
        return probabilists(k, z) / Math.sqrt(factorial(k));
    }

    private static double factorial(int k) {
        double f = 1;
        for (int i = 2; i <= k; i++) {
            f *= i;
        }
        return f;
    }
}
