package org.transferlab.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.transferlab.engine.experiment.CostModel;
import org.transferlab.protocol.JobId;
import org.transferlab.protocol.event.CostEstimate;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.SpecValidator;
import org.transferlab.protocol.spec.SweepGrid;

/**
 * Which specs are computed as child jobs, and which children they are: a pure function of the spec,
 * kept apart from the tracking of a running parent ({@link SweepTracker}) so that a restarted gateway,
 * the submission path and the status view all find the same children. A child is an ordinary job of
 * one seed (the parent's spec with the point's values set, no sweep, {@code seeds} 1 and
 * {@code firstSeed} its draw), so its content id is shared with every identical draw of any job and
 * its stored result is reused: a re-submission with more seeds computes the new draws only.
 */
final class SweepChildren {
    /**
     * The cost model's count for one draw from which a draw is a job of its own: about a second of a
     * worker's computing (a finite-width spec estimated at 2.7e11 flops runs in a few seconds). Below it,
     * queueing and combining a job per draw costs more than computing the draws one after the other.
     */
    static final double MIN_DRAW_FLOPS = 1e11;

    /**
     * One draw of one grid point: its child job id, the point's index in grid order, the swept values,
     * and the (validated, one-seed) spec computed there.
     */
    record Child(String jobId, int point, Map<String, Object> values, ExperimentSpec spec) {
        int draw() {
            return spec.firstSeedOrZero();
        }
    }

    private SweepChildren() {
    }

    /** Whether a spec is computed as child jobs: a sweep, or several seeds each worth a job. */
    static boolean isSplit(ExperimentSpec spec) {
        if (spec == null) {
            return false;
        }
        boolean sweep = spec.sweep() != null && !spec.sweep().isEmpty();
        return sweep || splitsIntoDraws(SpecValidator.validated(spec));
    }

    /** Whether a validated spec without sweep is computed as one child job per draw. */
    private static boolean splitsIntoDraws(ExperimentSpec point) {
        if (point.seeds() < 2) {
            return false;
        }
        CostEstimate draw = CostModel.estimateWithoutFiles(point.oneDraw(0));
        return draw != null && draw.flops() >= MIN_DRAW_FLOPS;
    }

    /**
     * The children of a validated split spec: per point in grid order (the order the single-job path
     * computes), its draws in order when they are worth a job each, else the point as one child. A grid
     * whose draws would outnumber {@link SweepGrid#MAX_POINTS} child jobs is split per point only, so
     * that no accepted job floods the queue. Decided from the spec alone: a restarted gateway finds the
     * same children.
     */
    static List<Child> of(ExperimentSpec spec) {
        List<ExperimentSpec> points = new ArrayList<>();
        List<Map<String, Object>> values = new ArrayList<>();
        List<Boolean> split = new ArrayList<>();
        long jobs = 0;
        for (SweepGrid.Point p : SweepGrid.expand(spec)) {
            ExperimentSpec point = SpecValidator.validated(p.spec());
            points.add(point);
            values.add(p.values());
            split.add(splitsIntoDraws(point));
            jobs += split.get(split.size() - 1) ? point.seeds() : 1;
        }
        boolean draws = jobs <= SweepGrid.MAX_POINTS;
        List<Child> children = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            ExperimentSpec point = points.get(i);
            boolean perDraw = draws && split.get(i);
            for (int draw = 0; draw < (perDraw ? point.seeds() : 1); draw++) {
                ExperimentSpec child = perDraw ? SpecValidator.validated(point.oneDraw(draw)) : point;
                children.add(new Child(JobId.of(child), i, values.get(i), child));
            }
        }
        return children;
    }
}
