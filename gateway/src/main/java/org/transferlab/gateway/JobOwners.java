package org.transferlab.gateway;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who submitted each job through this gateway, and who of them still wants it. Job ids are a hash of
 * the spec, so two users who submit the same spec share one job: a submitter's cancel withdraws only
 * their own interest, and the job is cancelled when no submitter wants it any more (or by an admin).
 *
 * <p>Kept in the gateway's memory: a job submitted before the gateway (re)started, or straight to
 * Kafka, has no known submitter, so only an admin may cancel it and only list-all tokens see it in
 * listings. Not thread-safe: used from the gateway's event loop only.
 */
final class JobOwners {
    private static final class Interest {
        final Set<String> submitters = new LinkedHashSet<>();
        final Set<String> waiting = new LinkedHashSet<>();
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

    private final Map<String, Interest> jobs = new HashMap<>();

    /**
     * A submission by {@code who}.
     *
     * @param fresh the submission starts the job anew (not known, or ended without a result): earlier
     *              submitters' interest ended with the earlier run
     */
    void submitted(String jobId, String who, boolean fresh) {
        Interest i = fresh ? new Interest() : jobs.computeIfAbsent(jobId, id -> new Interest());
        i.submitters.add(who);
        i.waiting.add(who);
        jobs.put(jobId, i);
    }

    /** Forgets a submission that was refused or could not be written (the job never started). */
    void forget(String jobId) {
        jobs.remove(jobId);
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
        i.waiting.remove(who);
        return i.waiting.isEmpty() ? Withdrawal.LAST : Withdrawal.OTHERS_WAIT;
    }

    /** The submitters, in the order they first submitted (empty when unknown). */
    List<String> submitters(String jobId) {
        Interest i = jobs.get(jobId);
        return i == null ? List.of() : List.copyOf(i.submitters);
    }
}
