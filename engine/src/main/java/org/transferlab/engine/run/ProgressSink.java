package org.transferlab.engine.run;

/**
 * Where the engine reports how far a job is. Called often from hot loops: implementations must be
 * cheap and do their own rate limiting (the worker forwards at most every 250 ms).
 *
 * Phases are short human-readable names ("source training", "target training", "theory solve").
 */
@FunctionalInterface
public interface ProgressSink {
    /**
     * @param phase    what is being computed now, e.g. "source training", "theory solve"
     * @param fraction overall completion of the job in [0, 1]
     */
    void report(String phase, double fraction);

    ProgressSink NONE = (phase, fraction) -> { };
}
