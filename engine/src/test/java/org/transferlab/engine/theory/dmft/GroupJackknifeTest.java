package org.transferlab.engine.theory.dmft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The delete-one-group jackknife against closed forms for the square of a mean. */
class GroupJackknifeTest {

    @Test
    void theSquareOfAMeanLosesExactlyItsVarianceOverG() {
        // L = x_bar^2 has E L = mu^2 + sigma^2 / G; the jackknife is exactly x_bar^2 - s^2 / G (s^2 with G - 1)
        double[] x = {1.3, 0.2, 2.9, -0.4, 1.1};
        int g = x.length;
        double mean = GroupMath.mean(x);
        double s2 = 0;
        for (double v : x) {
            s2 += (v - mean) * (v - mean) / (g - 1);
        }
        double[] without = new double[g];
        for (int k = 0; k < g; k++) {
            double m = (g * mean - x[k]) / (g - 1);
            without[k] = m * m;
        }
        GroupJackknife jk = GroupJackknife.of(mean * mean, without);
        assertThat(jk.estimate()).isCloseTo(mean * mean - s2 / g, within(1e-12));
        // for a linear statistic the jackknife error is the standard error of the mean, s / sqrt(G)
        double[] meansWithout = new double[g];
        for (int k = 0; k < g; k++) {
            meansWithout[k] = (g * mean - x[k]) / (g - 1);
        }
        assertThat(GroupJackknife.of(mean, meansWithout).estimate()).isCloseTo(mean, within(1e-12));
        assertThat(GroupJackknife.stdErr(meansWithout)).isCloseTo(Math.sqrt(s2 / g), within(1e-12));
    }

    @Test
    void twoGroupsGiveNoError() {
        assertThat(GroupJackknife.stdErr(new double[] {1, 2})).isNaN();
    }
}
