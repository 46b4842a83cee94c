package org.transferlab.engine.theory.dmft;

/**
 * A quantity measured on G independent particle groups: the mean and its standard error
 * sd / sqrt(G) (sample sd), the Monte-Carlo error bar of the infinite-width value.
 */
public record GroupEstimate(double mean, double stdErr, double[] perGroup) {
    public static GroupEstimate of(double[] perGroup) {
        int g = perGroup.length;
        double mean = 0;
        for (double v : perGroup) {
            mean += v;
        }
        mean /= g;
        double ss = 0;
        for (double v : perGroup) {
            ss += (v - mean) * (v - mean);
        }
        double stdErr = g > 1 ? Math.sqrt(ss / (g - 1) / g) : 0.0;
        return new GroupEstimate(mean, stdErr, perGroup.clone());
    }
}
