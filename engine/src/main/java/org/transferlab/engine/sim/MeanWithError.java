package org.transferlab.engine.sim;

/**
 * Mean and standard error of per-seed values: stdErr = sample standard deviation (n - 1 in the
 * denominator) / sqrt(n). With a single seed the spread is unknown and stdErr is NaN, not 0.
 */
public record MeanWithError(double mean, double stdErr, int n) {
    public static MeanWithError of(double... values) {
        int n = values.length;
        if (n == 0) {
            throw new IllegalArgumentException("no values to aggregate");
        }
        double mean = 0;
        for (double v : values) {
            mean += v;
        }
        mean /= n;
        if (n == 1) {
            return new MeanWithError(mean, Double.NaN, 1);
        }
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        return new MeanWithError(mean, Math.sqrt(ss / (n - 1)) / Math.sqrt(n), n);
    }
}
