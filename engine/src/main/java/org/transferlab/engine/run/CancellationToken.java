package org.transferlab.engine.run;

import org.transferlab.protocol.FailureCode;

/**
 * Set by whoever owns a job, polled by the engine's loops (at least every few hundred milliseconds)
 * so that a cancelled job stops promptly instead of running to the end.
 */
public final class CancellationToken {
    private volatile boolean cancelled;

    public void cancel() {
        cancelled = true;
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /** Throws {@link EngineException} with {@link FailureCode#CANCELLED} once the job was cancelled. */
    public void throwIfCancelled() {
        if (cancelled) {
            throw new EngineException(FailureCode.CANCELLED, "job cancelled");
        }
    }
}
