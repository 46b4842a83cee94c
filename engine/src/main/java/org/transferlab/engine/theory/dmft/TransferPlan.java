package org.transferlab.engine.theory.dmft;

import java.util.Optional;
import org.transferlab.engine.sim.PhaseSettings;

/**
 * Which protocols of THEORY 1.5 to compute after the source phase, each with its own phase
 * settings; absent ones are skipped. {@code readoutStart} says where the fine-tuned readout starts.
 */
public record TransferPlan(PhaseSettings source, Optional<PhaseSettings> fineTune, ReadoutStart readoutStart,
                           Optional<PhaseSettings> jointlyRich, Optional<PhaseSettings> scratch) {
    /** Source phase and every protocol, all target phases with the same settings, FT from zero. */
    public static TransferPlan all(PhaseSettings source, PhaseSettings target) {
        return new TransferPlan(source, Optional.of(target), ReadoutStart.ZERO, Optional.of(target),
                Optional.of(target));
    }
}
