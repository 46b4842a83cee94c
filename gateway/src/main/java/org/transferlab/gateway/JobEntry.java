package org.transferlab.gateway;

import io.vertx.core.json.JsonObject;
import org.transferlab.protocol.event.JobEvent;
import org.transferlab.protocol.result.JobResult;
import org.transferlab.protocol.spec.SpecJson;

/** What the gateway knows of one job. Mutated only on the gateway's event loop. */
final class JobEntry {
    final String jobId;
    String name;
    JobState state;
    double progress;
    String phase;
    Long etaMs;
    long submittedAt;
    long updatedAt;
    String worker;
    /** Time of the started event of the current run, when this gateway saw it (for the duration metric). */
    Long startedAt;
    JobEvent lastEvent;
    JobResult result;
    /** A completed event that arrived before its result (different topics): applied when the result comes. */
    JobEvent heldCompleted;

    JobEntry(String jobId, long now) {
        this.jobId = jobId;
        this.submittedAt = now;
        this.updatedAt = now;
    }

    JsonObject summary() {
        JsonObject j = new JsonObject()
                .put("jobId", jobId)
                .put("name", name)
                .put("state", state == null ? null : state.json())
                .put("progress", progress)
                .put("phase", phase)
                .put("etaMs", etaMs)
                .put("worker", worker)
                .put("submittedAt", submittedAt)
                .put("updatedAt", updatedAt);
        if (lastEvent != null && lastEvent.code() != null) {
            j.put("error", new JsonObject().put("code", lastEvent.code().name()).put("message", lastEvent.message()));
        }
        return j;
    }

    /** The summary plus the last event, links and (when completed) the result. */
    JsonObject detail() {
        JsonObject j = summary();
        if (lastEvent != null) {
            j.put("lastEvent", new JsonObject(SpecJson.writeString(lastEvent)));
        }
        j.put("links", links(jobId));
        if (result != null) {
            j.put("result", new JsonObject(SpecJson.writeString(result)));
        }
        return j;
    }

    static JsonObject links(String jobId) {
        String self = "/api/jobs/" + jobId;
        return new JsonObject().put("self", self).put("events", self + "/events").put("csv", self + "/result.csv")
                .put("series", self + "/series.csv").put("json", self + "/result.json");
    }
}
