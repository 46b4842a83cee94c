package org.transferlab.worker;

import io.vertx.core.Future;

/** How a worker takes records of {@code transfer.jobs} and tells Kafka what became of each. */
interface JobIntake {
    /** Starts delivering records to the pipeline. */
    Future<Void> start();

    /**
     * Stops taking records; completes once every record in flight has ended (the pipeline was stopped
     * first, so they end quickly) or after a grace period, with the consumers closed.
     */
    Future<Void> stop();

    /** Partitions of {@code transfer.jobs} this worker owns, for a consumer that owns partitions (any thread). */
    default java.util.Set<Integer> assignedPartitions() {
        return java.util.Set.of();
    }

    /** Rebalances that changed the partitions this worker owns (any thread). */
    default int partitionChanges() {
        return 0;
    }
}
