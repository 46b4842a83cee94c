package org.transferlab.gateway;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.transferlab.engine.experiment.SeedCombiner;
import org.transferlab.protocol.EngineVersion;
import org.transferlab.protocol.result.JobResult;
import org.transferlab.protocol.result.ResultRow;
import org.transferlab.protocol.spec.ExperimentSpec;

/**
 * The result of a parent job from its children's results: the one record the gateway writes to
 * {@code transfer.results} for a sweep or many-seed job. Kept apart from {@link SweepTracker}, which
 * decides when every child is done, because combining is a pure function of the children's results.
 */
final class SweepResult {
    static final String NOTE_PREFIX = "%d child jobs combined (grid order, a point's draws in order): ";

    private SweepResult() {
    }

    /**
     * Each point's draws combined into means and standard errors ({@link SeedCombiner}), points in grid
     * order, each row's point carrying the swept values first (as the single-job path's rows do: the
     * child's own rows only know nu1 and nu2, its spec having no sweep).
     *
     * @param resultOf each child's stored result, by child job id (all present)
     */
    static JobResult combine(String parentId, ExperimentSpec spec, List<SweepChildren.Child> children,
                             Function<String, JobResult> resultOf) {
        List<ResultRow> rows = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        Set<String> workers = new LinkedHashSet<>();
        Set<String> blas = new LinkedHashSet<>();
        Set<String> notes = new LinkedHashSet<>();
        long started = Long.MAX_VALUE;
        long finished = 0;
        Map<Integer, List<List<ResultRow>>> drawsByPoint = new LinkedHashMap<>();
        Map<Integer, Map<String, Object>> valuesByPoint = new HashMap<>();
        for (SweepChildren.Child c : children) {
            JobResult r = resultOf.apply(c.jobId());
            ids.add(c.jobId());
            drawsByPoint.computeIfAbsent(c.point(), k -> new ArrayList<>()).add(r.rows());
            valuesByPoint.put(c.point(), c.values());
            started = Math.min(started, r.startedAt());
            finished = Math.max(finished, r.finishedAt());
            addIfPresent(workers, r.worker());
            addIfPresent(blas, r.blas());
            if (r.notes() != null) {
                notes.addAll(r.notes());
            }
        }
        drawsByPoint.forEach((point, draws) -> {
            for (ResultRow row : SeedCombiner.combine(draws)) {
                Map<String, Object> values = new LinkedHashMap<>(valuesByPoint.get(point));
                if (row.point() != null) {
                    values.putAll(row.point());
                }
                rows.add(new ResultRow(values, row.protocol(), row.method(), row.testLoss(), row.testLossStdErr(),
                        row.trainLoss(), row.seeds(), row.diagnostics(), row.steps(), row.testLossCurve(),
                        row.testLossCurveStdErr(), row.preactivations(), row.alignmentCurve(), row.spectra()));
            }
        });
        List<String> allNotes = new ArrayList<>();
        allNotes.add(String.format(NOTE_PREFIX, ids.size()) + String.join(" ", ids));
        allNotes.addAll(notes);
        return new JobResult(parentId, spec, EngineVersion.CURRENT, started, finished, String.join(",", workers),
                blas.isEmpty() ? null : String.join(",", blas), allNotes, rows);
    }

    private static void addIfPresent(Set<String> set, String value) {
        if (value != null) {
            set.add(value);
        }
    }
}
