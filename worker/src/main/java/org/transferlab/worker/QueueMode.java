package org.transferlab.worker;

/** How workers share the jobs of {@code transfer.jobs}. */
public enum QueueMode {
    /**
     * A Kafka share group: any idle worker takes the next job whatever its partition; the broker counts
     * deliveries and a transiently failed job is delivered again, possibly to another worker.
     */
    SHARE,
    /**
     * A consumer group: each worker owns partitions and runs their jobs in offset order, one partition
     * at a time per slot; a job waits behind the jobs before it on its partition even while another
     * worker is idle. Transient failures are retried on the same worker.
     */
    PARTITIONS
}
