package org.transferlab.worker;

/**
 * Decides when a running job's progress is worth an event: at most every {@code minGapMs} and at
 * least every {@code maxGapMs} (a heartbeat, even if nothing moved), and estimates the time left
 * from the elapsed time and the fraction done. Not thread-safe: used from the verticle's context.
 */
public final class ProgressThrottle {
    public static final long MIN_GAP_MS = 250;
    public static final long MAX_GAP_MS = 2000;

    private final long startedAt;
    private final long minGapMs;
    private final long maxGapMs;
    private long lastEmitAt;
    private double lastFraction = -1;
    private String lastPhase;

    public ProgressThrottle(long startedAt) {
        this(startedAt, MIN_GAP_MS, MAX_GAP_MS);
    }

    public ProgressThrottle(long startedAt, long minGapMs, long maxGapMs) {
        this.startedAt = startedAt;
        this.lastEmitAt = startedAt;
        this.minGapMs = minGapMs;
        this.maxGapMs = maxGapMs;
    }

    /** True if an event should go out now for this (phase, fraction); records the emission if so. */
    public boolean shouldEmit(long now, String phase, double fraction) {
        long gap = now - lastEmitAt;
        boolean moved = fraction != lastFraction || !java.util.Objects.equals(phase, lastPhase);
        if ((moved && gap >= minGapMs) || gap >= maxGapMs) {
            lastEmitAt = now;
            lastFraction = fraction;
            lastPhase = phase;
            return true;
        }
        return false;
    }

    /** Milliseconds left by linear extrapolation, or null while too little is done to tell. */
    public Long etaMs(long now, double fraction) {
        if (!(fraction >= 0.01) || fraction >= 1) {
            return fraction >= 1 ? 0L : null;
        }
        double elapsed = now - startedAt;
        return Math.round(elapsed * (1 - fraction) / fraction);
    }
}
