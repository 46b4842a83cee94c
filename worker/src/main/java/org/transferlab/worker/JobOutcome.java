package org.transferlab.worker;

/** What becomes of a record of {@code transfer.jobs} once the pipeline is done with it. */
public enum JobOutcome {
    /** Finished: a result, a refusal or a failure was published (or the record needed nothing). */
    DONE,
    /** Unusable for good: it went to the dead-letter topic and must never be delivered again. */
    DEAD_LETTERED,
    /** Failed transiently: deliver it again (to any worker). */
    RETRY,
    /** Interrupted by this worker's shutdown with nothing published: the next worker runs it. */
    HANDED_BACK
}
