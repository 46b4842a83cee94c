package org.transferlab.gateway;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.transferlab.engine.experiment.CostModel;
import org.transferlab.engine.experiment.SeedCombiner;
import org.transferlab.protocol.EngineVersion;
import org.transferlab.protocol.FailureCode;
import org.transferlab.protocol.JobId;
import org.transferlab.protocol.event.CostEstimate;
import org.transferlab.protocol.event.JobEvent;
import org.transferlab.protocol.result.JobResult;
import org.transferlab.protocol.result.ResultRow;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.SpecValidator;
import org.transferlab.protocol.spec.SweepGrid;

/**
 * Sweeps and many-seed jobs as a parent job and one child job per (grid point, draw). A child is an
 * ordinary job of one seed (the parent's spec with the point's values set, no sweep, {@code seeds} 1
 * and {@code firstSeed} its draw, so its content id is shared with every identical draw of any job,
 * and its stored result is reused: a re-submission with more seeds computes the new draws only); the
 * parent exists in this gateway only: its events are derived from the children's and published on
 * the local event bus through the job table, and its result, each point's draws combined into means
 * and standard errors ({@link SeedCombiner}) in grid order, is the one record the gateway writes to
 * {@code transfer.results}. While it runs, its spec is kept on {@code transfer.sweeps} so that the
 * next gateway can resume it. A job of one seed and no sweep is not split. Not thread-safe: used from
 * the gateway's event loop only.
 */
final class SweepTracker {
    private static final Logger LOG = LoggerFactory.getLogger(SweepTracker.class);
    static final String NOTE_PREFIX = "%d child jobs combined (grid order, a point's draws in order): ";

    /**
     * One draw of one grid point: its child job id, the point's index in grid order, the swept values,
     * and the (validated, one-seed) spec computed there.
     */
    record Child(String jobId, int point, Map<String, Object> values, ExperimentSpec spec) {
        int draw() {
            return spec.firstSeedOrZero();
        }
    }

    private static final class Sweep {
        final String parentId;
        final ExperimentSpec spec;
        final List<Child> children;
        boolean started;
        boolean ended;
        double progress = -1;

        Sweep(String parentId, ExperimentSpec spec, List<Child> children) {
            this.parentId = parentId;
            this.spec = spec;
            this.children = children;
        }
    }

    private final JobTable table;
    private final JobCommands commands;
    private final Map<String, Sweep> sweeps = new HashMap<>();
    /** Child id -> the parents that wait for it (a point may belong to several sweeps). */
    private final Map<String, Set<String>> parentsOf = new HashMap<>();

    SweepTracker(JobTable table, JobCommands commands) {
        this.table = table;
        this.commands = commands;
    }

    /**
     * The cost model's count for one draw from which a draw is a job of its own: about a second of a
     * worker's computing (a finite-width spec estimated at 2.7e11 flops runs in a few seconds). Below it,
     * queueing and combining a job per draw costs more than computing the draws one after the other.
     */
    static final double MIN_DRAW_FLOPS = 1e11;

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
    static List<Child> children(ExperimentSpec spec) {
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

    boolean isTracked(String parentId) {
        return sweeps.containsKey(parentId);
    }

    /**
     * Starts (or restarts) a sweep whose parent entry the table already holds as submitted: submits the
     * children that have neither a result nor a run in progress, attaches to the others.
     *
     * @param costs each child's estimate (null entries allowed), in the order of {@code children}
     */
    Future<Void> submit(String parentId, ExperimentSpec spec, List<Child> children, List<CostEstimate> costs,
                        CostEstimate total) {
        Sweep s = track(parentId, spec, children);
        table.onEvent(JobEvent.accepted(parentId, total));
        List<Future<Void>> sent = new ArrayList<>();
        sent.add(commands.register(parentId, spec));
        for (int i = 0; i < children.size(); i++) {
            Child c = children.get(i);
            JobEntry e = table.get(c.jobId());
            boolean reusable = e != null && (e.result != null || e.state != null && !e.state.isTerminal());
            if (!reusable) {
                table.submitted(c.jobId(), c.spec().name(), System.currentTimeMillis());
                sent.add(commands.submit(c.jobId(), c.spec(), costs.get(i)));
            }
        }
        return Future.all(sent).<Void>mapEmpty().onSuccess(v -> update(s)).onFailure(err -> {
            forget(parentId);
            children.forEach(c -> table.withdraw(c.jobId()));
        });
    }

    /**
     * Takes up the sweeps a previous gateway registered and did not see end (read back from
     * {@code transfer.sweeps} after the results were replayed): their children are attached to, none
     * submitted; one whose children all finished meanwhile is completed at once. A sweep whose result
     * is already stored is only unregistered: its result is never published twice.
     */
    void resume(Map<String, ExperimentSpec> registered) {
        registered.forEach((parentId, spec) -> {
            JobEntry e = table.get(parentId);
            if (e != null && e.result != null) {
                commands.unregister(parentId);
                return;
            }
            table.submitted(parentId, spec.name(), System.currentTimeMillis());
            update(track(parentId, spec, children(spec)));
        });
    }

    /** A child's entry changed (event or result): every sweep waiting for it re-derives its state. */
    void onChanged(String jobId) {
        Set<String> parents = parentsOf.get(jobId);
        if (parents != null) {
            for (String parentId : List.copyOf(parents)) {
                update(sweeps.get(parentId));
            }
        }
    }

    /**
     * Cancels a running sweep: a cancel command for each unfinished child that no other running sweep
     * still needs, then the parent's own {@code cancelled} event.
     */
    Future<Void> cancel(String parentId) {
        Sweep s = sweeps.get(parentId);
        s.ended = true;
        List<Future<Void>> sent = new ArrayList<>();
        for (Child c : s.children) {
            JobEntry e = table.get(c.jobId());
            boolean unfinished = e != null && e.result == null && e.state != null && !e.state.isTerminal();
            if (unfinished && !neededElsewhere(c.jobId(), parentId)) {
                sent.add(commands.cancel(c.jobId()));
            }
        }
        return Future.all(sent).<Void>mapEmpty().onSuccess(v -> {
            commands.unregister(parentId);
            table.onEvent(JobEvent.failed(parentId, null, FailureCode.CANCELLED,
                    "cancelled; cancel sent to " + sent.size() + " unfinished child jobs"));
        });
    }

    /**
     * The children of a sweep with their states: of a tracked sweep, or of a stored sweep result (after
     * a restart the view is rebuilt from the result's spec); null for a job that is not a sweep.
     */
    JsonArray describe(JobEntry parent) {
        Sweep s = sweeps.get(parent.jobId);
        List<Child> children = s != null ? s.children
                : parent.result != null && isSplit(parent.result.spec()) ? children(parent.result.spec()) : null;
        if (children == null) {
            return null;
        }
        JsonArray arr = new JsonArray();
        for (Child c : children) {
            JobEntry e = table.get(c.jobId());
            arr.add(new JsonObject().put("jobId", c.jobId()).put("point", new JsonObject(new LinkedHashMap<>(c.values())))
                    .put("draw", c.draw())
                    .put("state", e == null || e.state == null ? null : e.state.json())
                    .put("progress", e == null ? null : e.progress));
        }
        return arr;
    }

    private Sweep track(String parentId, ExperimentSpec spec, List<Child> children) {
        forget(parentId);
        Sweep s = new Sweep(parentId, spec, children);
        sweeps.put(parentId, s);
        children.forEach(c -> parentsOf.computeIfAbsent(c.jobId(), k -> new LinkedHashSet<>()).add(parentId));
        return s;
    }

    private boolean neededElsewhere(String childId, String parentId) {
        for (String other : parentsOf.getOrDefault(childId, Set.of())) {
            if (!other.equals(parentId) && !sweeps.get(other).ended) {
                return true;
            }
        }
        return false;
    }

    /** Derives the parent's state from its children and announces what changed. */
    private void update(Sweep s) {
        if (s == null || s.ended || sweeps.get(s.parentId) != s) {
            return;
        }
        int done = 0;
        double running = 0;
        for (Child c : s.children) {
            JobEntry e = table.get(c.jobId());
            if (e == null || e.state == null) {
                continue;
            }
            if (e.result != null) {
                done++;
            } else if (e.state == JobState.FAILED || e.state == JobState.CANCELLED) {
                fail(s, c, e);
                return;
            } else if (e.state == JobState.RUNNING) {
                running += e.progress;
                markStarted(s);
            }
        }
        int n = s.children.size();
        if (done == n) {
            complete(s);
            return;
        }
        if (done > 0) {
            markStarted(s);
        }
        double f = (done + running) / n;
        if (s.started && f != s.progress) {
            s.progress = f;
            table.onEvent(JobEvent.progress(s.parentId, null, done + "/" + n + " child jobs done", f, null));
        }
    }

    private void markStarted(Sweep s) {
        if (!s.started) {
            s.started = true;
            table.onEvent(JobEvent.started(s.parentId, null));
        }
    }

    private void fail(Sweep s, Child c, JobEntry child) {
        s.ended = true;
        commands.unregister(s.parentId);
        JobEvent last = child.lastEvent;
        FailureCode code = last != null && last.code() != null ? last.code() : FailureCode.INTERNAL;
        String why = last != null && last.message() != null ? last.message() : child.state.json();
        table.onEvent(JobEvent.failed(s.parentId, null, code,
                "child " + c.jobId() + " at " + c.values() + " " + child.state.json() + ": " + code + ": " + why));
    }

    /** Every child has its result: the parent's result goes to transfer.results, then its completed event. */
    private void complete(Sweep s) {
        s.ended = true;
        JobResult result = union(s);
        commands.publish(result)
                .onSuccess(v -> {
                    commands.unregister(s.parentId);
                    table.onEvent(JobEvent.completed(s.parentId, null));
                })
                .onFailure(err -> {
                    LOG.warn("cannot publish the result of sweep {}: {}", s.parentId, err.toString());
                    table.onEvent(JobEvent.failed(s.parentId, null, FailureCode.INTERNAL,
                            "cannot publish the sweep's result: " + err.getMessage()));
                });
    }

    /**
     * Each point's draws combined, points in grid order, each row's point carrying the swept values
     * first (as the single-job path's rows do: the child's own rows only know nu1 and nu2, its spec
     * having no sweep).
     */
    private JobResult union(Sweep s) {
        List<ResultRow> rows = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        Set<String> workers = new LinkedHashSet<>();
        Set<String> blas = new LinkedHashSet<>();
        Set<String> notes = new LinkedHashSet<>();
        long started = Long.MAX_VALUE;
        long finished = 0;
        Map<Integer, List<List<ResultRow>>> drawsByPoint = new LinkedHashMap<>();
        Map<Integer, Map<String, Object>> valuesByPoint = new HashMap<>();
        for (Child c : s.children) {
            JobResult r = table.get(c.jobId()).result;
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
                        row.testLossCurveStdErr(), row.preactivations()));
            }
        });
        List<String> allNotes = new ArrayList<>();
        allNotes.add(String.format(NOTE_PREFIX, ids.size()) + String.join(" ", ids));
        allNotes.addAll(notes);
        return new JobResult(s.parentId, s.spec, EngineVersion.CURRENT, started, finished, String.join(",", workers),
                blas.isEmpty() ? null : String.join(",", blas), allNotes, rows);
    }

    private static void addIfPresent(Set<String> set, String value) {
        if (value != null) {
            set.add(value);
        }
    }

    private void forget(String parentId) {
        Sweep old = sweeps.remove(parentId);
        if (old != null) {
            old.children.forEach(c -> {
                Set<String> ps = parentsOf.get(c.jobId());
                if (ps != null && ps.remove(parentId) && ps.isEmpty()) {
                    parentsOf.remove(c.jobId());
                }
            });
        }
    }
}
