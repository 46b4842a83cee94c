package org.transferlab.engine.theory.dmft;

/**
 * The delete-one-group jackknife over G independent particle groups. For a quantity that is a smooth
 * function L(K_bar) of the mean of G iid group quantities K_g (a kernel, a predictor), L(all groups)
 * is biased by b/G + O(1/G^2) and L(without g) by b/(G-1), so
 * <pre>  L_jk = G L(all) - (G-1) mean_g L(without g)</pre>
 * removes the first-order bias. Its standard error is sqrt((G-1)/G sum_g (L(without g) - mean)^2),
 * which is also the error of L(all) itself (NaN with fewer than 3 groups: 1 degree of freedom says
 * nothing).
 *
 * @param estimate L_jk
 * @param stdErr   its jackknife standard error
 */
record GroupJackknife(double estimate, double stdErr) {
    /**
     * The largest first-order correction, as a share of the uncorrected value, that the jackknife is
     * trusted with. It removes the 1/G term of an expansion in 1/G; a term as large as half the value
     * means the higher orders it leaves are not small either. For a readout on a pooled particle kernel
     * that happens when the M (G-1)/G features of a delete-one-group kernel are not far above the P2
     * points it interpolates (the interpolation peak of regression on M random features is at M = P2):
     * on Fashion-MNIST with 512 particles and P2 = 200 the corrected loss came out negative.
     */
    static final double MAX_CORRECTION_SHARE = 0.5;

    static GroupJackknife of(double all, double[] without) {
        int groups = without.length;
        return new GroupJackknife(groups * all - (groups - 1) * GroupMath.mean(without), stdErr(without));
    }

    /**
     * Whether the estimate can stand for the quantity: positive (a loss) and corrected from
     * {@code all} by at most {@link #MAX_CORRECTION_SHARE} of it.
     */
    boolean reliableFrom(double all) {
        return estimate > 0 && Math.abs(estimate - all) <= MAX_CORRECTION_SHARE * all;
    }

    /** The jackknife standard error from the delete-one-group values alone. */
    static double stdErr(double[] without) {
        int groups = without.length;
        if (groups < 3) {
            return Double.NaN;
        }
        double mean = GroupMath.mean(without);
        double ss = 0;
        for (double v : without) {
            ss += (v - mean) * (v - mean);
        }
        return Math.sqrt(ss * (groups - 1) / groups);
    }
}
