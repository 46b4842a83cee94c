package org.transferlab.engine.theory.dmft;

/**
 * The infinite-particle test loss estimated from G independent particle groups (THEORY 2.1, 4.A).
 *
 * <p>Each group of m = M/G particles is a width-m network: its predictor is f_g = f* + e_g with
 * independent errors of mean square s^2 = E|e_g|^2 = O(1/m), so the mean of the group losses is the
 * loss of a width-m network, |f* - y|^2 + s^2, not the limit. The group-averaged predictor f_bar has
 * only s^2/G left, and the groups' spread estimates it without bias:
 * V = (1/(G-1)) sum_g |f_g - f_bar|^2 has E V = s^2. Hence
 * <pre>  L = |f_bar - y|^2 - V/G,     E L = |f* - y|^2,</pre>
 * the loss of the group predictors' mean, which differs from the infinite-width loss only by the
 * O(1/m) bias of a width-m mean field (THEORY 2.1's 1/M corrections; checked in the tests by doubling
 * M). Its error is the delete-one-group jackknife over the G groups ({@code |.|^2} is the mean over
 * test points). {@link #of} computes this; fine-tuning, whose predictor is far from linear in the
 * groups' kernels, estimates L differently ({@link ReadoutFineTune}) and reports it in this record too.
 *
 * @param loss          L, the estimate of the infinite-width test loss
 * @param stdErr        its jackknife standard error (NaN with fewer than 3 groups)
 * @param ensembleLoss  |f_bar - y|^2, the loss of the group-averaged predictor
 * @param groupMeanLoss the mean of the group losses (the loss of a width-m network)
 * @param corrected     whether L carries its finite-M correction; false where that correction could
 *                      not be trusted and L is the uncorrected value with the correction in its error
 */
public record InfiniteWidthLoss(double loss, double stdErr, double ensembleLoss, double groupMeanLoss,
                                boolean corrected) {

    /** From the groups' predictions f_g (G x points) and the clean labels. */
    public static InfiniteWidthLoss of(double[][] predictions, double[] labels) {
        int groups = predictions.length;
        double groupMean = 0;
        for (double[] f : predictions) {
            groupMean += mse(f, labels) / groups;
        }
        double[] all = estimate(predictions, labels, -1);
        double[] leaveOut = new double[groups];
        for (int g = 0; g < groups; g++) {
            leaveOut[g] = estimate(predictions, labels, g)[0];
        }
        double stdErr = GroupJackknife.stdErr(leaveOut);
        return new InfiniteWidthLoss(all[0], stdErr, all[1], groupMean, true);
    }

    /**
     * The test loss a width-{@code width} network is expected to carry above L: (groupMeanLoss - L) m/width
     * for groups of m particles. Each group is a width-m network, and a network's excess over the limit
     * falls like 1/width (THEORY 2.1's 1/N corrections), so the groups measure its coefficient on the
     * same data. Where L is the uncorrected fallback the excess is not measured: NaN.
     */
    public double excessAtWidth(int groupWidth, int width) {
        return corrected ? (groupMeanLoss - loss) * groupWidth / width : Double.NaN;
    }

    /** {L, |f_bar - y|^2} over all groups but {@code skip} (-1: none). */
    private static double[] estimate(double[][] predictions, double[] labels, int skip) {
        int used = skip < 0 ? predictions.length : predictions.length - 1;
        int n = labels.length;
        double[] mean = new double[n];
        for (int g = 0; g < predictions.length; g++) {
            if (g != skip) {
                for (int j = 0; j < n; j++) {
                    mean[j] += predictions[g][j] / used;
                }
            }
        }
        double spread = 0;
        for (int g = 0; g < predictions.length; g++) {
            if (g != skip) {
                spread += mse(predictions[g], mean);
            }
        }
        double variance = used > 1 ? spread / (used - 1) : 0;
        double ensemble = mse(mean, labels);
        return new double[] {ensemble - variance / used, ensemble};
    }

    private static double mse(double[] f, double[] y) {
        double s = 0;
        for (int j = 0; j < y.length; j++) {
            double d = f[j] - y[j];
            s += d * d;
        }
        return s / y.length;
    }
}
