package org.transferlab.engine.theory.dmft;

import java.util.Optional;
import org.transferlab.engine.sim.Histogram;
import org.transferlab.engine.sim.MeanWithError;
import org.transferlab.protocol.result.KernelSpectra;

/**
 * What one phase of the particle solver produced.
 *
 * @param curve              train loss and infinite-width test-loss estimate against steps ({@link LossCurve})
 * @param trainLoss          final train MSE over the groups (fine-tuning: of the pooled-kernel flow, with
 *                           its jackknife error)
 * @param testLoss           final infinite-width test-loss estimate with its error, the ensemble and
 *                           group-mean losses beside it (absent without test labels)
 * @param testPredictions    the group-averaged predictor on the test points (fine-tuning: the
 *                           pooled-kernel predictor)
 * @param targetAlignment    A(Phi, y2) of the phase's final feature kernel on the target-train set
 *                           (NaN when there is no target set)
 * @param testPreactivations density of h on the test points over all particles (Figure 4c)
 * @param finalRate          the step size at the end (below the planned one after halvings)
 * @param stepsTaken         Euler steps taken
 * @param targetSpectrum     the top eigenvalues over the trace of the final pooled feature kernel on the
 *                           target-train set, largest first ({@link KernelSpectra#TOP}; empty without it)
 */
public record PhaseResult(LossCurve curve, MeanWithError trainLoss, Optional<InfiniteWidthLoss> testLoss,
                          double[] testPredictions, double targetAlignment, Histogram testPreactivations,
                          double finalRate, long stepsTaken, double[] targetSpectrum) {
}
