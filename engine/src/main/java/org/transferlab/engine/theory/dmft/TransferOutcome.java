package org.transferlab.engine.theory.dmft;

import java.util.Optional;

/** Results of a {@link TransferPlan}: the source phase and each requested protocol. */
public record TransferOutcome(Sampling sampling, PhaseResult source, Optional<FineTuneResult> fineTune,
                              Optional<PhaseResult> jointlyRich, Optional<PhaseResult> scratch) {
}
