package org.transferlab.engine.sim;

import java.util.EnumSet;
import java.util.Set;
import org.transferlab.engine.linalg.Activation;
import org.transferlab.engine.run.EngineException;
import org.transferlab.protocol.FailureCode;

/**
 * A finite-width transfer simulation: one network shape, the source phase, and the target phase
 * shared by every protocol (each protocol uses the target settings; the elastic coupling applies to
 * the jointly rich protocol only, the weight decay on the fine-tuned readout is its ridge).
 */
public record TransferSimulationSpec(Activation activation, int width, PhaseSettings source, PhaseSettings target,
                                     Set<TransferProtocol> protocols, FinetuneReadoutInit finetuneInit) {
    public TransferSimulationSpec {
        if (width < 1) {
            throw new EngineException(FailureCode.INVALID_SPEC, "width must be >= 1, got " + width);
        }
        if (activation == null || source == null || target == null || protocols == null || finetuneInit == null) {
            throw new EngineException(FailureCode.INVALID_SPEC, "activation, phases, protocols and finetuneInit are required");
        }
        protocols = protocols.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(protocols));
    }

    public static TransferSimulationSpec allProtocols(Activation activation, int width, PhaseSettings source, PhaseSettings target) {
        return new TransferSimulationSpec(activation, width, source, target, EnumSet.allOf(TransferProtocol.class),
                FinetuneReadoutInit.ZERO);
    }
}
