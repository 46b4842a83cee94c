package org.transferlab.engine.theory.dmft;

import java.util.Optional;

/**
 * Which protocols of THEORY 1.5 to compute after the source phase, each with its own phase
 * settings; absent ones are skipped. {@code readoutStart} says where the fine-tuned readout starts.
 */
public record TransferPlan(PhaseSpec source, Optional<PhaseSpec> fineTune, ReadoutStart readoutStart,
                           Optional<PhaseSpec> jointlyRich, Optional<PhaseSpec> scratch) {
    /** Source phase and every protocol, all target phases with the same settings, FT from zero. */
    public static TransferPlan all(PhaseSpec source, PhaseSpec target) {
        return new TransferPlan(source, Optional.of(target), ReadoutStart.ZERO, Optional.of(target),
                Optional.of(target));
    }
}
