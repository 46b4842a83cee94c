package org.transferlab.engine.sim;

import org.transferlab.engine.run.ProgressSink;

/** Maps a phase's own progress in [0, 1] to its slice [from, to] of the job's progress. */
public record ProgressWindow(ProgressSink sink, String phase, double from, double to) {
    public static ProgressWindow whole(ProgressSink sink, String phase) {
        return new ProgressWindow(sink, phase, 0, 1);
    }

    public void report(double local) {
        sink.report(phase, from + (to - from) * Math.max(0, Math.min(1, local)));
    }
}
