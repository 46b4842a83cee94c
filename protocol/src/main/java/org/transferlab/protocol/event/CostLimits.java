package org.transferlab.protocol.event;

import java.util.Locale;
import java.util.Optional;

/**
 * Admission limits on a job's estimated cost; a limit of 0 is no limit. The gateway applies its own
 * to HTTP submissions, and workers theirs to everything they take from Kafka.
 *
 * @param maxFlops       total floating-point operations
 * @param maxMemoryBytes peak memory of the largest single computation
 */
public record CostLimits(double maxFlops, long maxMemoryBytes) {
    public static final CostLimits NONE = new CostLimits(0, 0);

    public CostLimits {
        if (!(maxFlops >= 0) || maxMemoryBytes < 0) {
            throw new IllegalArgumentException("cost limits must be >= 0 (0 = no limit), got max flops " + maxFlops
                    + " and max memory " + maxMemoryBytes + " bytes");
        }
    }

    public boolean isSet() {
        return maxFlops > 0 || maxMemoryBytes > 0;
    }

    public CostLimits withMaxFlops(double f) {
        return new CostLimits(f, maxMemoryBytes);
    }

    public CostLimits withMaxMemoryBytes(long b) {
        return new CostLimits(maxFlops, b);
    }

    /**
     * Why a job with this estimate is refused (code OVER_LIMIT), naming the estimate, the limit and who
     * refused it; empty when it is within every limit, or when there is no estimate (null: the engine
     * cannot estimate this spec, and says why when it runs it).
     */
    public Optional<String> refusal(CostEstimate cost, String refusedBy) {
        if (cost == null) {
            return Optional.empty();
        }
        if (maxFlops > 0 && cost.flops() > maxFlops) {
            return Optional.of(String.format(Locale.ROOT, "estimated cost %.3g flops exceeds this %s's limit of %.3g "
                    + "flops (OVER_LIMIT); reduce the sizes, seeds or sweep", cost.flops(), refusedBy, maxFlops));
        }
        if (maxMemoryBytes > 0 && cost.memoryBytes() > maxMemoryBytes) {
            return Optional.of(String.format(Locale.ROOT, "estimated peak memory %d bytes (%.1f MiB) exceeds this %s's "
                    + "limit of %d bytes (%.1f MiB) (OVER_LIMIT); reduce the sizes (samples, width, particles)",
                    cost.memoryBytes(), cost.memoryBytes() / 1048576.0, refusedBy, maxMemoryBytes,
                    maxMemoryBytes / 1048576.0));
        }
        return Optional.empty();
    }
}
