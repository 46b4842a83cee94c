package org.transferlab.protocol.result;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A histogram density on equal bins of [low, high) (integrates to the mass inside), with the mass that
 * fell outside reported rather than dropped. Rows use it for the distribution of the trained network's
 * preactivations h = W.x/sqrt(D) on the test inputs (Figure 4c's quantity), averaged over seeds.
 *
 * @param low           left edge of the first bin
 * @param high          right edge of the last bin
 * @param density       one value per bin
 * @param belowFraction fraction of values below {@code low}
 * @param aboveFraction fraction of values at or above {@code high}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Density(double low, double high, List<Double> density, double belowFraction, double aboveFraction) {
}
