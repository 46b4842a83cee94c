package org.transferlab.engine.theory.dmft;

import org.transferlab.engine.run.CancellationToken;
import org.transferlab.engine.run.ProgressSink;

/**
 * Polls cancellation on every call (a volatile read) and forwards progress at most every 100 ms, so
 * hot loops can call it once per step.
 */
public final class Pacer {
    private static final long INTERVAL_NANOS = 100_000_000L;

    private final String phase;
    private final ProgressSink progress;
    private final CancellationToken cancel;
    private long lastReport;

    public Pacer(String phase, ProgressSink progress, CancellationToken cancel) {
        this.phase = phase;
        this.progress = progress;
        this.cancel = cancel;
        this.lastReport = System.nanoTime();
        progress.report(phase, 0.0);
    }

    /** Throws CANCELLED if the job was cancelled; reports done/total now and then. */
    public void poll(double done, double total) {
        cancel.throwIfCancelled();
        long now = System.nanoTime();
        if (now - lastReport >= INTERVAL_NANOS) {
            lastReport = now;
            progress.report(phase, total == 0 ? 1.0 : done / total);
        }
    }
}
