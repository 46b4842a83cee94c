package org.transferlab.worker;

import java.lang.management.ManagementFactory;
import org.transferlab.messaging.TopicSetup;

/**
 * How one worker verticle runs.
 *
 * @param bootstrap         Kafka bootstrap servers
 * @param concurrency       jobs computed at once by this verticle (size of its worker pool)
 * @param name              worker name recorded in events and results
 * @param jobPartitions     partitions of {@code transfer.jobs} if this worker is the one creating the topics
 * @param retry             which failures are tried again, how often and after how long
 * @param maxFlops          refuse jobs estimated above this many flops (0 = no limit); Kafka submissions
 *                          do not pass the gateway's admission control, so workers check again
 * @param maxPollIntervalMs the job consumer's {@code max.poll.interval.ms} (0 = Kafka's default)
 */
public record WorkerOptions(String bootstrap, int concurrency, String name, int jobPartitions, RetryPolicy retry,
                            double maxFlops, long maxPollIntervalMs) {
    public WorkerOptions {
        if (concurrency < 1) {
            throw new IllegalArgumentException("worker concurrency must be >= 1, got " + concurrency);
        }
        if (maxFlops < 0 || maxPollIntervalMs < 0) {
            throw new IllegalArgumentException("max flops and max poll interval must be >= 0");
        }
        if (name == null || name.isBlank()) {
            name = defaultName();
        }
        if (retry == null) {
            retry = RetryPolicy.defaults();
        }
    }

    public static WorkerOptions of(String bootstrap) {
        return new WorkerOptions(bootstrap, 1, null, TopicSetup.DEFAULT_JOB_PARTITIONS, null, 0, 0);
    }

    public WorkerOptions withConcurrency(int n) {
        return new WorkerOptions(bootstrap, n, name, jobPartitions, retry, maxFlops, maxPollIntervalMs);
    }

    public WorkerOptions withName(String n) {
        return new WorkerOptions(bootstrap, concurrency, n, jobPartitions, retry, maxFlops, maxPollIntervalMs);
    }

    public WorkerOptions withRetry(RetryPolicy r) {
        return new WorkerOptions(bootstrap, concurrency, name, jobPartitions, r, maxFlops, maxPollIntervalMs);
    }

    public WorkerOptions withMaxFlops(double f) {
        return new WorkerOptions(bootstrap, concurrency, name, jobPartitions, retry, f, maxPollIntervalMs);
    }

    public WorkerOptions withMaxPollIntervalMs(long ms) {
        return new WorkerOptions(bootstrap, concurrency, name, jobPartitions, retry, maxFlops, ms);
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
