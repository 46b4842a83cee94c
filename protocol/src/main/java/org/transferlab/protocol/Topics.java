package org.transferlab.protocol;

/** Kafka topic and consumer-group names: the one place every role and every document takes them from. */
public final class Topics {
    /** Commands (submit, cancel); key = job id. */
    public static final String JOBS = "transfer.jobs";
    /**
     * Lifecycle and progress events; key = job id; compacted, so that each job's latest event (its
     * state) survives any restart.
     */
    public static final String EVENTS = "transfer.events";
    /** Final results, compacted; key = job id. The store that a restarted gateway rebuilds its job table from. */
    public static final String RESULTS = "transfer.results";
    /**
     * Sweeps a gateway split into child jobs and has not yet completed: key = parent id, value = the
     * parent's spec, a tombstone once the parent ended; compacted. A restarted gateway resumes them.
     */
    public static final String SWEEPS = "transfer.sweeps";
    /**
     * Who submitted each job through a gateway and who of them still wants it: key = job id, value =
     * the token names (never the tokens), compacted. A restarted gateway replays it, so that a job's
     * submitters may still cancel it and see it listed.
     */
    public static final String OWNERS = "transfer.owners";
    /** Records that could not be processed, with a reason code in headers and value. */
    public static final String DLQ = "transfer.jobs.dlq";
    /** The consumer group workers join when they own partitions of transfer.jobs (the partitions queue). */
    public static final String WORKER_GROUP = "transfer-workers";
    /** The share group workers join by default: any idle member takes the next job, whatever its partition. */
    public static final String WORKER_SHARE_GROUP = "transfer-worker-queue";

    private Topics() {
    }
}
