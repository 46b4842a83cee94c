package org.transferlab.gateway;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Identical submissions in flight share one outcome: a second POST of a spec still being admitted
 * waits for the first one's answer (202, 422 or 503) instead of being told "accepted" about a job
 * the first may yet withdraw (an id that would then answer 404). Used on the event loop only.
 */
final class Submissions {
    /** An HTTP answer to a submission. */
    record Reply(int status, JsonObject body) {
    }

    private final Map<String, Future<Reply>> inFlight = new HashMap<>();

    /** The answer of the submission of this job already in flight, or of {@code submit} started now. */
    Future<Reply> once(String jobId, Supplier<Future<Reply>> submit) {
        Future<Reply> running = inFlight.get(jobId);
        if (running != null) {
            return running;
        }
        Future<Reply> started = submit.get();
        if (!started.isComplete()) {
            inFlight.put(jobId, started);
            started.onComplete(ar -> inFlight.remove(jobId));
        }
        return started;
    }
}
