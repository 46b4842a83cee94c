package org.transferlab.protocol;

/** Why a job did not produce a result; the reason code carried by failed events and DLQ records. */
public enum FailureCode {
    /** The spec (or the record carrying it) could not be parsed or breaks a documented limit. */
    INVALID_SPEC,
    /** An iterative solver or a training run did not reach its stopping criterion. */
    NON_CONVERGED,
    /** A NaN or an infinity appeared in a computed quantity (typically a diverging learning rate). */
    NAN_DETECTED,
    /** A linear system was too ill-conditioned to solve to the required accuracy. */
    ILL_CONDITIONED,
    /** The job was cancelled by a user before it finished. */
    CANCELLED,
    /** The job's estimated cost exceeds the configured admission limits. */
    OVER_LIMIT,
    /** Anything else: a bug or an environment failure. Transient failures are retried. */
    INTERNAL,
    /** An {@link #INTERNAL} failure that persisted through every retry the worker allows. */
    RETRIES_EXHAUSTED
}
