package org.transferlab.engine.sim;

import org.transferlab.engine.run.EngineException;
import org.transferlab.protocol.FailureCode;

/** Fixed bins [low, high) split into {@code count} equal parts, so histograms of different runs line up. */
public record HistogramBins(double low, double high, int count) {
    /** Wide enough for preactivations of unit-variance inputs trained at gamma of order one. */
    public static final HistogramBins PREACTIVATIONS = new HistogramBins(-6.0, 6.0, 60);

    public HistogramBins {
        if (!(high > low) || !Double.isFinite(low) || !Double.isFinite(high) || count < 1) {
            throw new EngineException(FailureCode.INVALID_SPEC,
                    "histogram bins need low < high and count >= 1, got [" + low + ", " + high + "), " + count);
        }
    }

    public double width() {
        return (high - low) / count;
    }

    /** Density histogram of {@code values}; mass outside [low, high) is reported, not dropped silently. */
    public Histogram histogram(double[] values, int from, int n) {
        long[] counts = new long[count];
        long below = 0;
        long above = 0;
        double inv = 1.0 / width();
        for (int i = from; i < from + n; i++) {
            double v = values[i];
            if (v < low) {
                below++;
            } else if (v >= high) {
                above++;
            } else {
                counts[Math.min(count - 1, (int) ((v - low) * inv))]++;
            }
        }
        double[] density = new double[count];
        for (int b = 0; b < count; b++) {
            density[b] = counts[b] / (n * width());
        }
        return new Histogram(this, density, below / (double) n, above / (double) n);
    }
}
