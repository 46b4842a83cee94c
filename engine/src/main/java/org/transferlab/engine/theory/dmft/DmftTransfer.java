package org.transferlab.engine.theory.dmft;

import java.util.Optional;
import org.transferlab.engine.sim.PhaseSettings;
import org.transferlab.engine.run.CancellationToken;
import org.transferlab.engine.run.ProgressSink;

/**
 * One call for the experiment runner: source phase, then fine-tuning, jointly rich and scratch as
 * the plan asks, on one set of particles, with progress split by each phase's share of the work.
 */
public final class DmftTransfer {
    private DmftTransfer() {
    }

    public static TransferOutcome run(ParticleData data, ParticleSpec spec, TransferPlan plan, ProgressSink progress,
                                      CancellationToken cancel) {
        double p1 = data.sourceCount();
        double p2 = data.targetCount();
        double source = plan.source().steps() * p1;
        double joint = plan.jointlyRich().map(s -> s.steps() * p2).orElse(0.0);
        double scratch = plan.scratch().map(s -> s.steps() * p2).orElse(0.0);
        // fine-tuning builds M x P2 kernels once, then runs at O(P2^2) per step: about one feature step
        double fine = plan.fineTune().map(s -> p2).orElse(0.0);
        double total = source + joint + scratch + fine;

        ParticleSolver solver = new ParticleSolver(data, spec);
        double[] at = {0.0};
        PhaseResult src = solver.trainSource(plan.source(), slice(progress, at, source / total), cancel);
        Optional<FineTuneResult> ft = plan.fineTune()
                .map(s -> solver.fineTune(s, plan.readoutStart(), slice(progress, at, fine / total), cancel));
        Optional<PhaseResult> jr = plan.jointlyRich()
                .map(s -> solver.jointlyRich(s, slice(progress, at, joint / total), cancel));
        Optional<PhaseResult> sc = plan.scratch()
                .map(s -> solver.scratch(s, slice(progress, at, scratch / total), cancel));
        progress.report("theory solve", 1.0);
        return new TransferOutcome(solver.sampling(), src, ft, jr, sc);
    }

    /** The next share of [0, 1] after at[0]; advances at[0]. */
    private static ProgressSink slice(ProgressSink whole, double[] at, double share) {
        double from = at[0];
        at[0] += share;
        return (phase, f) -> whole.report(phase, from + share * Math.max(0, Math.min(1, f)));
    }
}
