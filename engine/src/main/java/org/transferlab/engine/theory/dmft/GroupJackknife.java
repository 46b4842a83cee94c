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

    static GroupJackknife of(double all, double[] without) {
        int groups = without.length;
        return new GroupJackknife(groups * all - (groups - 1) * GroupMath.mean(without), stdErr(without));
    }

    /** The jackknife standard error from the delete-one-group values alone. */
    static double stdErr(double[] without) {
        int groups = without.length;
        if (groups < 3) {
            return Double.NaN;
        }
        double mean = 0;
        for (double v : without) {
            mean += v / groups;
        }
        double ss = 0;
        for (double v : without) {
            ss += (v - mean) * (v - mean);
        }
        return Math.sqrt(ss * (groups - 1) / groups);
    }
}
