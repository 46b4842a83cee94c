package org.transferlab.engine.sim;

/**
 * A density histogram: {@code density[b]} integrates to the fraction of values in bin b, so the
 * in-range densities times the bin width plus {@code belowFraction + aboveFraction} sum to one.
 */
public record Histogram(HistogramBins bins, double[] density, double belowFraction, double aboveFraction) {
    /** Left edge of bin b. */
    public double edge(int b) {
        return bins.low() + b * bins.width();
    }
}
