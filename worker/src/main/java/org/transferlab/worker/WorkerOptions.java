package org.transferlab.worker;

import java.lang.management.ManagementFactory;
import org.transferlab.messaging.TopicSetup;

/**
 * How one worker verticle runs.
 *
 * @param bootstrap     Kafka bootstrap servers
 * @param concurrency   jobs computed at once by this verticle (size of its worker pool)
 * @param name          worker name recorded in events and results
 * @param jobPartitions partitions of {@code transfer.jobs} if this worker is the one creating the topics
 */
public record WorkerOptions(String bootstrap, int concurrency, String name, int jobPartitions) {
    public WorkerOptions {
        if (concurrency < 1) {
            throw new IllegalArgumentException("worker concurrency must be >= 1, got " + concurrency);
        }
        if (name == null || name.isBlank()) {
            name = defaultName();
        }
    }

    public static WorkerOptions of(String bootstrap) {
        return new WorkerOptions(bootstrap, 1, null, TopicSetup.DEFAULT_JOB_PARTITIONS);
    }

    public WorkerOptions withConcurrency(int n) {
        return new WorkerOptions(bootstrap, n, name, jobPartitions);
    }

    public WorkerOptions withName(String n) {
        return new WorkerOptions(bootstrap, concurrency, n, jobPartitions);
    }

    /** host-pid, plus a short random suffix so that two verticles in one JVM are told apart. */
    public static String defaultName() {
        String jvm = ManagementFactory.getRuntimeMXBean().getName(); // pid@host
        int at = jvm.indexOf('@');
        String host = at > 0 ? jvm.substring(at + 1) : "localhost";
        String pid = at > 0 ? jvm.substring(0, at) : jvm;
        return "worker-" + host + "-" + pid + "-" + Integer.toHexString((int) (Math.random() * 0xffff));
    }
}
