package org.transferlab.standalone;

import java.util.Arrays;

/** Wall-clock samples of a repeated action: warm-up runs first (not kept), then the timed repeats. */
record Timing(double[] millis) {
    @FunctionalInterface
    interface Action {
        void run() throws Exception;
    }

    static Timing of(int warmup, int repeats, Action action) throws Exception {
        for (int i = 0; i < warmup; i++) {
            action.run();
        }
        double[] ms = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            action.run();
            ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        return new Timing(ms);
    }

    /** The same samples times {@code factor} (e.g. a phase of k steps as time per step). */
    Timing scaled(double factor) {
        return new Timing(Arrays.stream(millis).map(m -> m * factor).toArray());
    }

    double median() {
        return quantile(0.5);
    }

    double min() {
        return Arrays.stream(millis).min().orElse(Double.NaN);
    }

    double max() {
        return Arrays.stream(millis).max().orElse(Double.NaN);
    }

    /** Nearest-rank quantile (q = 0.99 of 100 samples is the 99th smallest). */
    double quantile(double q) {
        double[] s = millis.clone();
        Arrays.sort(s);
        if (s.length == 0) {
            return Double.NaN;
        }
        if (q == 0.5 && s.length % 2 == 0) {
            return (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
        }
        int rank = (int) Math.ceil(q * s.length);
        return s[Math.max(0, Math.min(s.length - 1, rank - 1))];
    }
}
