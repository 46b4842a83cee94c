package org.transferlab.standalone;

import picocli.CommandLine.Option;
import org.transferlab.protocol.event.CostLimits;

/**
 * Admission limits of the commands that run gateway and worker in this JVM ({@code run}, {@code serve}):
 * the same options as {@code gateway} and {@code worker}, with defaults fitted to this JVM so that a
 * spec it could not finish is refused up front instead of running for days or out of heap.
 */
final class LocalLimits {
    /**
     * An hour of work at 10 Gflop/s per core, a rate the engine's dense products reach on one core:
     * past this a job is more likely a typo (a width or seed count off by orders of magnitude) than a
     * run someone means to wait for; a larger limit is one option away.
     */
    static final double FLOPS_PER_CORE = 10e9 * 3600;

    @Option(names = "--max-flops", defaultValue = "${env:TRANSFERLAB_MAX_FLOPS}",
            description = "refuse jobs estimated above this many flops (env TRANSFERLAB_MAX_FLOPS; "
                    + "default: an hour at 10 Gflop/s per core of this machine; 0 = no limit)")
    Double maxFlops;
    @Option(names = "--max-memory", defaultValue = "${env:TRANSFERLAB_MAX_MEMORY}", converter = ByteSize.class,
            description = "refuse jobs whose estimated peak memory is above this, in bytes or with a suffix k, m, g "
                    + "(env TRANSFERLAB_MAX_MEMORY; default and at most: half the JVM's maximum heap; 0 = half the heap)")
    Long maxMemory;

    /** The limits given, or those derived from this JVM; memory never above half the heap. */
    CostLimits limits() {
        Runtime rt = Runtime.getRuntime();
        long halfHeap = rt.maxMemory() / 2;
        double flops = maxFlops != null ? maxFlops : FLOPS_PER_CORE * rt.availableProcessors();
        long memory = maxMemory == null || maxMemory == 0 ? halfHeap : Math.min(maxMemory, halfHeap);
        return new CostLimits(flops, memory);
    }
}
