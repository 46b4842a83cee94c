package org.transferlab.worker;

/**
 * What a running job last reported: written by the computing thread, read by the progress timer.
 *
 * @param phase    what the engine is doing, in words
 * @param fraction done so far, from 0 to 1
 */
public record Progress(String phase, double fraction) {
    static final Progress STARTING = new Progress("starting", 0.0);
}
