package org.transferlab.worker;

import java.lang.management.ManagementFactory;
import org.transferlab.messaging.RecordSigner;
import org.transferlab.messaging.SigningKeys;
import org.transferlab.messaging.TopicSetup;
import org.transferlab.protocol.event.CostLimits;

/**
 * How one worker verticle runs.
 *
 * @param bootstrap         Kafka bootstrap servers
 * @param concurrency       jobs computed at once by this verticle (size of its worker pool)
 * @param name              worker name recorded in events and results
 * @param jobPartitions     partitions of {@code transfer.jobs} if this worker is the one creating the topics
 * @param retry             which failures are tried again, how often and after how long
 * @param limits            refuse jobs estimated above these ({@link CostLimits#NONE}: none); Kafka
 *                          submissions do not pass the gateway's admission control, so workers check again
 * @param maxPollIntervalMs the job consumer's {@code max.poll.interval.ms} (0 = Kafka's default; the
 *                          partitions queue only)
 * @param queue             how workers share jobs (a share group unless told otherwise)
 * @param signer            signs this worker's results and events; results not signed with one of its
 *                          keys do not count as published
 */
public record WorkerOptions(String bootstrap, int concurrency, String name, int jobPartitions, RetryPolicy retry,
                            CostLimits limits, long maxPollIntervalMs, QueueMode queue, RecordSigner signer) {
    public WorkerOptions {
        if (concurrency < 1) {
            throw new IllegalArgumentException("worker concurrency must be >= 1, got " + concurrency);
        }
        if (maxPollIntervalMs < 0) {
            throw new IllegalArgumentException("max poll interval must be >= 0");
        }
        if (limits == null) {
            limits = CostLimits.NONE;
        }
        if (name == null || name.isBlank()) {
            name = defaultName();
        }
        if (retry == null) {
            retry = RetryPolicy.defaults();
        }
        if (queue == null) {
            queue = QueueMode.SHARE;
        }
        if (signer == null) {
            signer = SigningKeys.processDefault().signer();
        }
    }

    public static WorkerOptions of(String bootstrap) {
        return new WorkerOptions(bootstrap, 1, null, TopicSetup.DEFAULT_JOB_PARTITIONS, null, CostLimits.NONE, 0,
                QueueMode.SHARE, null);
    }

    public WorkerOptions withConcurrency(int n) {
        return new WorkerOptions(bootstrap, n, name, jobPartitions, retry, limits, maxPollIntervalMs, queue, signer);
    }

    public WorkerOptions withName(String n) {
        return new WorkerOptions(bootstrap, concurrency, n, jobPartitions, retry, limits, maxPollIntervalMs, queue, signer);
    }

    public WorkerOptions withRetry(RetryPolicy r) {
        return new WorkerOptions(bootstrap, concurrency, name, jobPartitions, r, limits, maxPollIntervalMs, queue, signer);
    }

    public WorkerOptions withLimits(CostLimits l) {
        return new WorkerOptions(bootstrap, concurrency, name, jobPartitions, retry, l, maxPollIntervalMs, queue, signer);
    }

    public WorkerOptions withMaxFlops(double f) {
        return withLimits(limits.withMaxFlops(f));
    }

    public WorkerOptions withMaxPollIntervalMs(long ms) {
        return new WorkerOptions(bootstrap, concurrency, name, jobPartitions, retry, limits, ms, queue, signer);
    }

    public WorkerOptions withQueue(QueueMode q) {
        return new WorkerOptions(bootstrap, concurrency, name, jobPartitions, retry, limits, maxPollIntervalMs, q, signer);
    }

    public WorkerOptions withSigner(RecordSigner s) {
        return new WorkerOptions(bootstrap, concurrency, name, jobPartitions, retry, limits, maxPollIntervalMs, queue, s);
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
