package org.transferlab.gateway;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.transferlab.protocol.event.EventType;
import org.transferlab.protocol.event.JobEvent;
import org.transferlab.protocol.result.JobResult;
import org.transferlab.protocol.spec.SpecJson;

/**
 * The gateway's view of all jobs, built from {@code transfer.events} and {@code transfer.results}
 * (replayed from the beginning of the compacted results topic at start-up). Every change that a
 * subscriber should see is handed to the publisher as a message {@code {"kind": "event"|"result",
 * "jobId": ..., "event"|"result": {...}}}. A job is {@code completed} only once its result is
 * here, so a client that sees the completed event can always fetch the result. Not thread-safe:
 * used from the gateway's event loop only.
 */
final class JobTable {
    private final Map<String, JobEntry> jobs = new HashMap<>();
    private final Consumer<JsonObject> publisher;

    JobTable(Consumer<JsonObject> publisher) {
        this.publisher = publisher;
    }

    JobEntry get(String jobId) {
        return jobs.get(jobId);
    }

    int size() {
        return jobs.size();
    }

    Map<JobState, Long> countByState() {
        Map<JobState, Long> counts = new java.util.EnumMap<>(JobState.class);
        for (JobEntry e : jobs.values()) {
            if (e.state != null) { // null: only a completed event, its result not here yet
                counts.merge(e.state, 1L, Long::sum);
            }
        }
        return counts;
    }

    List<JobEntry> newestFirst() {
        List<JobEntry> all = new ArrayList<>(jobs.values());
        all.sort(Comparator.comparingLong((JobEntry e) -> e.submittedAt).reversed());
        return all;
    }

    /** A submission this gateway just made (before its accepted event comes back from Kafka). */
    JobEntry submitted(String jobId, String name, long now) {
        JobEntry e = jobs.computeIfAbsent(jobId, id -> new JobEntry(id, now));
        e.name = name;
        e.state = JobState.ACCEPTED;
        e.submittedAt = now;
        e.updatedAt = now;
        e.progress = 0;
        e.phase = null;
        e.etaMs = null;
        e.lastEvent = null;
        e.heldCompleted = null;
        e.startedAt = null;
        return e;
    }

    /** Forgets a submission that could not be written to Kafka. */
    void withdraw(String jobId) {
        JobEntry e = jobs.get(jobId);
        if (e != null && e.result == null && e.state == JobState.ACCEPTED) {
            jobs.remove(jobId);
        }
    }

    void onEvent(JobEvent ev) {
        JobEntry e = jobs.computeIfAbsent(ev.jobId(), id -> new JobEntry(id, ev.time()));
        if (e.state == JobState.COMPLETED && ev.type() != EventType.COMPLETED) {
            return; // a stored result stands; late progress of a duplicate run changes nothing
        }
        if (ev.type() == EventType.COMPLETED) {
            if (e.result == null) {
                e.heldCompleted = ev;
                return;
            }
            if (e.lastEvent != null && e.lastEvent.type() == EventType.COMPLETED) {
                return; // already announced
            }
        }
        apply(e, ev);
    }

    /**
     * @param live false while replaying the results topic at start-up (nothing is published then)
     */
    void onResult(JobResult r, boolean live) {
        JobEntry e = jobs.computeIfAbsent(r.jobId(), id -> new JobEntry(id, r.startedAt()));
        if (e.result != null) {
            return; // a redelivered job computed twice: the same numbers; clients keep the first, announced once
        }
        e.result = r;
        if (r.spec() != null && r.spec().name() != null) {
            e.name = r.spec().name();
        }
        e.state = JobState.COMPLETED;
        e.progress = 1.0;
        e.etaMs = 0L;
        e.phase = null;
        e.worker = r.worker();
        e.updatedAt = Math.max(e.updatedAt, r.finishedAt());
        if (live) {
            publisher.accept(new JsonObject().put("kind", "result").put("jobId", r.jobId())
                    .put("result", new JsonObject(SpecJson.writeString(r))));
        }
        if (e.heldCompleted != null) {
            JobEvent held = e.heldCompleted;
            e.heldCompleted = null;
            if (live) {
                apply(e, held);
            } else {
                e.lastEvent = held;
            }
        }
    }

    private void apply(JobEntry e, JobEvent ev) {
        e.state = JobState.of(ev.type());
        if (ev.type() == EventType.ACCEPTED || ev.type() == EventType.STARTED) {
            e.progress = 0;
            e.phase = null;
            e.etaMs = null;
            e.startedAt = ev.type() == EventType.STARTED ? ev.time() : null;
        }
        if (ev.progress() != null) {
            e.progress = ev.progress();
        }
        if (ev.phase() != null) {
            e.phase = ev.phase();
        }
        e.etaMs = ev.type() == EventType.PROGRESS ? ev.etaMs() : ev.type().isTerminal() ? null : e.etaMs;
        if (ev.worker() != null) {
            e.worker = ev.worker();
        }
        e.updatedAt = Math.max(e.updatedAt, ev.time());
        e.lastEvent = ev;
        publisher.accept(eventMessage(ev));
    }

    static JsonObject eventMessage(JobEvent ev) {
        return new JsonObject().put("kind", "event").put("jobId", ev.jobId())
                .put("event", new JsonObject(SpecJson.writeString(ev)));
    }
}
