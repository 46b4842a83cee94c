package org.transferlab.engine.experiment;

import org.transferlab.engine.run.ProgressSink;

/** Maps a sub-computation's own [0, 1] progress into its share [from, to] of the whole job. */
record ProgressSlice(ProgressSink whole, double from, double to) implements ProgressSink {
    @Override
    public void report(String phase, double fraction) {
        double f = Math.max(0, Math.min(1, fraction));
        whole.report(phase, from + (to - from) * f);
    }

    /** The k-th of n equal parts of this slice. */
    ProgressSlice part(int k, int n) {
        double w = (to - from) / n;
        return new ProgressSlice(whole, from + k * w, from + (k + 1) * w);
    }
}
