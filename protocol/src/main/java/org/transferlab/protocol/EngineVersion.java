package org.transferlab.protocol;

/**
 * Version of the numbers the engine computes. It is part of every job id: bump it whenever a change
 * alters computed values, so that stored results of the old engine are not served for new jobs.
 */
public final class EngineVersion {
    public static final String CURRENT = "0.1.0";

    private EngineVersion() {
    }
}
