package org.transferlab.engine.sim;

import java.util.Map;

/**
 * One seed's simulation.
 *
 * @param source      the source phase (losses against the source teacher on the test inputs)
 * @param sourceModel W1, w1 after source training; its {@link SourceModel#featureKernel()} is Phi1
 * @param spike       the measured kernel spike of a linear network, null for ReLU
 * @param targets     the target phase per protocol run
 */
public record TransferSimulationResult(TrainedPhase source, SourceModel sourceModel, LinearSpike spike,
                                       Map<TransferProtocol, TrainedPhase> targets) {
}
