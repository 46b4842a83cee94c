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
import org.transferlab.gateway.SweepChildren.Child;
import org.transferlab.protocol.FailureCode;
import org.transferlab.protocol.event.CostEstimate;
import org.transferlab.protocol.event.JobEvent;
import org.transferlab.protocol.result.JobResult;
import org.transferlab.protocol.spec.ExperimentSpec;

/**
 * The running parents of sweeps and many-seed jobs, each waiting for its child jobs (which children,
 * {@link SweepChildren}). The parent exists in this gateway only: its events are derived from the
 * children's and published on the local event bus through the job table, and when every child has its
 * result the combined one ({@link SweepResult}) is the one record the gateway writes to
 * {@code transfer.results}. While it runs, its spec is kept on {@code transfer.sweeps} so that the
 * next gateway can resume it. Not thread-safe: used from the gateway's event loop only.
 */
final class SweepTracker {
    private static final Logger LOG = LoggerFactory.getLogger(SweepTracker.class);

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
            update(track(parentId, spec, SweepChildren.of(spec)));
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
                : parent.result != null && SweepChildren.isSplit(parent.result.spec())
                ? SweepChildren.of(parent.result.spec()) : null;
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
        JobResult result = SweepResult.combine(s.parentId, s.spec, s.children, id -> table.get(id).result);
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
