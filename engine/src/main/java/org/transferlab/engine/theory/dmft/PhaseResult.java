package org.transferlab.engine.theory.dmft;

import org.transferlab.engine.sim.Histogram;

import java.util.Optional;
import org.transferlab.engine.sim.MeanWithError;

/**
 * What one phase of the particle solver produced.
 *
 * @param curve              train/test loss against steps
 * @param trainLoss          final train MSE over the groups
 * @param testLoss           final test MSE over the groups (absent without test labels)
 * @param ensembleTestLoss   test MSE of the group-averaged predictor (NaN without test labels); it
 *                           has less finite-width variance than any single group
 * @param testPredictions    the group-averaged predictor on the test points
 * @param targetAlignment    A(Phi, y2) of the phase's final feature kernel on the target-train set
 *                           (NaN when there is no target set)
 * @param testPreactivations density of h on the test points over all particles (Figure 4c)
 */
public record PhaseResult(LossCurve curve, MeanWithError trainLoss, Optional<MeanWithError> testLoss,
                          double ensembleTestLoss, double[] testPredictions, double targetAlignment,
                          Histogram testPreactivations) {
}
