package org.transferlab.protocol.event;

/**
 * What a job is expected to cost before it runs: floating-point operations and peak memory.
 *
 * @param flops       total floating-point operations, all sweep points, methods and seeds
 * @param memoryBytes peak resident memory of the largest single computation
 */
public record CostEstimate(double flops, long memoryBytes) {
}
