package org.transferlab.protocol.event;

/**
 * What a job is expected to cost before it runs: floating-point operations and peak memory.
 *
 * @param flops       total floating-point operations, all sweep points, methods and seeds
 * @param memoryBytes peak resident memory of the largest single computation
 */
public record CostEstimate(double flops, long memoryBytes) {

    /** True when {@code maxFlops} is a limit (positive) and this estimate is above it. */
    public boolean exceeds(double maxFlops) {
        return maxFlops > 0 && flops > maxFlops;
    }

    /** Why a job over {@code maxFlops} is refused, naming both numbers and who refused it. */
    public String refusal(double maxFlops, String refusedBy) {
        return String.format("estimated cost %.3g flops exceeds this %s's limit of %.3g flops (OVER_LIMIT); "
                + "reduce the sizes, seeds or sweep", flops, refusedBy, maxFlops);
    }
}
