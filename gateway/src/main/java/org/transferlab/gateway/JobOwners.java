package org.transferlab.gateway;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who submitted each job through a gateway, and who of them still wants it. Job ids are a hash of
 * the spec, so two users who submit the same spec share one job: a submitter's cancel withdraws only
 * their own interest, and the job is cancelled when no submitter wants it any more (or by an admin).
 *
 * <p>Every change is written to the compacted {@code transfer.owners} (token names only), and a
 * starting gateway replays it ({@link #restore}), so ownership outlives a restart. Records written
 * meanwhile by other gateways are not followed: a job submitted through another gateway since this
 * one started, or straight to Kafka, has no known submitter here, so only an admin may cancel it and
 * only list-all tokens see it in listings. Not thread-safe: used from the gateway's event loop only.
 */
final class JobOwners {
    private static final Logger LOG = LoggerFactory.getLogger(JobOwners.class);

    private static final class Interest {
        final Set<String> submitters = new LinkedHashSet<>();
        final Set<String> waiting = new LinkedHashSet<>();

        byte[] json() {
            return new JsonObject().put("submitters", new JsonArray(List.copyOf(submitters)))
                    .put("waiting", new JsonArray(List.copyOf(waiting))).toBuffer().getBytes();
        }
    }

    /** What a submitter's cancel did. */
    enum Withdrawal {
        /** They were not a submitter: nothing changed. */
        NOT_A_SUBMITTER,
        /** Their interest is withdrawn; another submitter still wants the job. */
        OTHERS_WAIT,
        /** No submitter wants the job any more: cancel it. */
        LAST
    }

    /** Where the changes go: a job's record, or null when it has none any more. */
    @FunctionalInterface
    interface Record {
        Future<Void> write(String jobId, byte[] owners);
    }

    private final Map<String, Interest> jobs = new HashMap<>();
    private final Record record;

    JobOwners(Record record) {
        this.record = record;
    }

    /**
     * A submission by {@code who}.
     *
     * @param fresh the submission starts the job anew (not known, or ended without a result): earlier
     *              submitters' interest ended with the earlier run
     */
    void submitted(String jobId, String who, boolean fresh) {
        Interest i = fresh ? new Interest() : jobs.computeIfAbsent(jobId, id -> new Interest());
        boolean changed = fresh | i.submitters.add(who) | i.waiting.add(who); // | : both sets get the name
        jobs.put(jobId, i);
        if (changed) {
            write(jobId, i.json());
        }
    }

    /** Forgets a submission that was refused or could not be written (the job never started). */
    void forget(String jobId) {
        if (jobs.remove(jobId) != null) {
            write(jobId, null);
        }
    }

    boolean isSubmitter(String jobId, String who) {
        Interest i = jobs.get(jobId);
        return i != null && i.submitters.contains(who);
    }

    Withdrawal withdraw(String jobId, String who) {
        Interest i = jobs.get(jobId);
        if (i == null || !i.submitters.contains(who)) {
            return Withdrawal.NOT_A_SUBMITTER;
        }
        if (i.waiting.remove(who)) {
            write(jobId, i.json());
        }
        return i.waiting.isEmpty() ? Withdrawal.LAST : Withdrawal.OTHERS_WAIT;
    }

    /** The submitters, in the order they first submitted (empty when unknown). */
    List<String> submitters(String jobId) {
        Interest i = jobs.get(jobId);
        return i == null ? List.of() : List.copyOf(i.submitters);
    }

    /** A record of {@code transfer.owners} replayed at start-up (null: a tombstone); an unreadable one is skipped. */
    void restore(String jobId, byte[] owners) {
        if (owners == null) {
            jobs.remove(jobId);
            return;
        }
        JsonObject j = Buffer.buffer(owners).toJsonObject();
        Interest i = new Interest();
        j.getJsonArray("submitters", new JsonArray()).forEach(s -> i.submitters.add(String.valueOf(s)));
        j.getJsonArray("waiting", new JsonArray()).forEach(s -> i.waiting.add(String.valueOf(s)));
        jobs.put(jobId, i);
    }

    /**
     * Not awaited: the answer to the user does not wait for it. A record that cannot be written leaves
     * the job to admins after the next restart, as before ownership was kept.
     */
    private void write(String jobId, byte[] owners) {
        record.write(jobId, owners).onFailure(e -> LOG.warn("could not record the submitters of {}: {}", jobId,
                e.toString()));
    }
}
