package org.transferlab.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.transferlab.messaging.TopicSetup;
import org.transferlab.worker.QueueMode;
import org.transferlab.worker.WorkerOptions;
import org.transferlab.worker.WorkerVerticle;

/**
 * A job computing for several times the consumer's {@code max.poll.interval.ms} completes without a
 * rebalance: the worker pauses its partitions and keeps polling instead of blocking in the job.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LongJobTest {
    private static final long MAX_POLL_INTERVAL_MS = 2000;
    private static final long JOB_MS = 4 * MAX_POLL_INTERVAL_MS;
    private static final CountingComputation COMPUTATION = new CountingComputation((jobId, attempt, cancel) -> {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(JOB_MS);
        while (System.nanoTime() < end) {
            cancel.throwIfCancelled();
            Thread.sleep(50);
        }
    });
    private static Stack stack;
    private static WorkerVerticle worker;

    @BeforeAll
    static void start() throws Exception {
        stack = Stack.embedded(null, 0);
        worker = new WorkerVerticle(WorkerOptions.of(stack.bootstrap()).withName("patient")
                .withMaxPollIntervalMs(MAX_POLL_INTERVAL_MS).withQueue(QueueMode.PARTITIONS), COMPUTATION);
        stack.withWorker(worker);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (worker.assignedPartitions().size() < TopicSetup.DEFAULT_JOB_PARTITIONS && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(worker.assignedPartitions()).hasSize(TopicSetup.DEFAULT_JOB_PARTITIONS);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void jobLongerThanMaxPollIntervalCompletesWithoutRebalance() throws Exception {
        int changesBefore = worker.partitionChanges();
        String spec = TestKafka.quickSpec(701);
        String id = TestKafka.jobId(spec);
        long sent = System.nanoTime();
        TestKafka.sendSpec(stack.bootstrap(), spec);
        TestKafka.awaitCompleted(stack.bootstrap(), List.of(id), Duration.ofSeconds(90));

        // the premise: the job really outlived the poll interval several times over
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent)).isGreaterThanOrEqualTo(JOB_MS);
        assertThat(worker.partitionChanges()).isEqualTo(changesBefore);
        assertThat(worker.assignedPartitions()).hasSize(TopicSetup.DEFAULT_JOB_PARTITIONS);
        assertThat(COMPUTATION.invocations(id)).isEqualTo(1);
        assertThat(TestKafka.resultsOf(stack.bootstrap(), id, Duration.ofSeconds(10))).hasSize(1);
    }
}
