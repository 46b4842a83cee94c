package org.transferlab.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.transferlab.engine.run.EngineException;
import org.transferlab.messaging.KafkaSettings;
import org.transferlab.messaging.TopicSetup;
import org.transferlab.protocol.CloudEvents;
import org.transferlab.protocol.FailureCode;
import org.transferlab.protocol.JobCommand;
import org.transferlab.protocol.Topics;
import org.transferlab.protocol.event.EventType;
import org.transferlab.protocol.event.JobEvent;
import org.transferlab.protocol.spec.SpecJson;
import org.transferlab.worker.QueueMode;
import org.transferlab.worker.RetryPolicy;
import org.transferlab.worker.WorkerOptions;
import org.transferlab.worker.WorkerVerticle;

/**
 * Transient failures are tried again, deterministic ones never; what cannot succeed ends on the DLQ
 * with its reason. In the share group (the default) a transient failure hands the job back to the
 * queue and the broker's delivery count bounds the attempts; in the partitions queue the worker
 * retries with back-off, and a job waiting out its back-off lets another partition's job through.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class RetryTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int PARTITIONS = 4;
    private static final Set<String> FLAKY = ConcurrentHashMap.newKeySet();
    private static final Set<String> BROKEN = ConcurrentHashMap.newKeySet();
    private static final Set<String> NON_CONVERGING = ConcurrentHashMap.newKeySet();
    /** Job id -> the spec text sent, which its DLQ entry must carry unchanged. */
    private static final Map<String, String> SENT = new ConcurrentHashMap<>();
    /** Fails the first two attempts of FLAKY jobs as the environment would, every attempt of the others. */
    private static final CountingComputation COMPUTATION = new CountingComputation((jobId, attempt, cancel) -> {
        if (FLAKY.contains(jobId) && attempt == 1) {
            throw new IllegalStateException("test: connection reset");
        }
        if (FLAKY.contains(jobId) && attempt == 2) {
            throw new RejectedExecutionException("test: pool saturated");
        }
        if (BROKEN.contains(jobId)) {
            throw new IllegalStateException("test: disk full");
        }
        if (NON_CONVERGING.contains(jobId)) {
            throw new EngineException(FailureCode.NON_CONVERGED, "test: residual 1e-2 after 10000 steps");
        }
    });
    private static Stack shared;
    private static Stack partitioned;

    @BeforeAll
    static void start() {
        shared = Stack.embedded(null, 0);
        shared.withWorker(new WorkerVerticle(WorkerOptions.of(shared.bootstrap()).withName("redelivering")
                .withRetry(new RetryPolicy(3, 1000)), COMPUTATION));
        partitioned = Stack.embedded(null, 0);
        TopicSetup.ensure(new KafkaSettings(partitioned.bootstrap()), PARTITIONS);
        partitioned.withWorker(new WorkerVerticle(WorkerOptions.of(partitioned.bootstrap()).withName("retrying")
                .withRetry(new RetryPolicy(3, 1000)).withQueue(QueueMode.PARTITIONS), COMPUTATION));
    }

    @AfterAll
    static void stop() {
        for (Stack s : new Stack[]{shared, partitioned}) {
            if (s != null) {
                s.close();
            }
        }
    }

    @Test
    void aTransientFailureIsDeliveredAgainUntilItSucceeds() throws Exception {
        String id = submit(shared, 311, FLAKY);
        var events = TestKafka.awaitCompleted(shared.bootstrap(), List.of(id), WAIT);

        assertThat(COMPUTATION.invocations(id)).isEqualTo(3);
        List<JobEvent> flakyEvents = TestKafka.eventsOf(events, id);
        assertThat(flakyEvents).filteredOn(e -> e.type() == EventType.PROGRESS).extracting(JobEvent::phase)
                .anyMatch(p -> p.startsWith("delivery 1 failed (test: connection reset)"))
                .anyMatch(p -> p.startsWith("delivery 2 failed (test: pool saturated)"));
        assertThat(flakyEvents).filteredOn(e -> e.type() == EventType.STARTED).hasSize(3);
        assertThat(TestKafka.resultsOf(shared.bootstrap(), id, WAIT)).hasSize(1);
    }

    @Test
    void persistentTransientFailureEndsOnTheDlqAtItsLastDelivery() throws Exception {
        String id = submit(shared, 402, BROKEN);
        JobEvent end = TestKafka.awaitEnd(shared.bootstrap(), id, WAIT);
        assertThat(end.code()).isEqualTo(FailureCode.RETRIES_EXHAUSTED);
        assertThat(end.message()).contains("failed on each of 4 deliveries", "test: disk full");
        assertThat(deadLetterReason(shared, id)).isEqualTo("RETRIES_EXHAUSTED");
        assertThat(COMPUTATION.invocations(id)).isEqualTo(4);
    }

    @Test
    void deterministicFailureIsTriedOnceAndDeadLettered() throws Exception {
        String id = submit(shared, 401, NON_CONVERGING);
        JobEvent end = TestKafka.awaitEnd(shared.bootstrap(), id, WAIT);
        assertThat(end.type()).isEqualTo(EventType.FAILED);
        assertThat(end.code()).isEqualTo(FailureCode.NON_CONVERGED);
        assertThat(deadLetterReason(shared, id)).isEqualTo("NON_CONVERGED");
        assertThat(COMPUTATION.invocations(id)).isEqualTo(1);
    }

    @Test
    void partitionsQueueRetriesWithBackOffAndOtherPartitionsFlowMeanwhile() throws Exception {
        List<Long> seeds = TestKafka.seedsOnDistinctPartitions(300, 2, PARTITIONS);
        String flaky = TestKafka.quickSpec(seeds.get(0));
        String other = TestKafka.quickSpec(seeds.get(1));
        String flakyId = TestKafka.jobId(flaky);
        String otherId = TestKafka.jobId(other);
        FLAKY.add(flakyId);

        TestKafka.sendSpec(partitioned.bootstrap(), flaky);
        awaitFirstAttempt(flakyId);
        TestKafka.sendSpec(partitioned.bootstrap(), other); // while the flaky job waits out its back-off
        var events = TestKafka.awaitCompleted(partitioned.bootstrap(), List.of(flakyId, otherId), WAIT);

        assertThat(COMPUTATION.invocations(flakyId)).isEqualTo(3);
        assertThat(COMPUTATION.invocations(otherId)).isEqualTo(1);
        // the worker's only slot was free while the flaky job waited: the other job ran in between
        List<String> order = COMPUTATION.order();
        assertThat(order.indexOf(otherId)).isLessThan(order.lastIndexOf(flakyId));
        List<JobEvent> flakyEvents = TestKafka.eventsOf(events, flakyId);
        assertThat(flakyEvents).filteredOn(e -> e.type() == EventType.PROGRESS).extracting(JobEvent::phase)
                .anyMatch(p -> p.startsWith("attempt 1 of 4 failed (test: connection reset)"))
                .anyMatch(p -> p.startsWith("attempt 2 of 4 failed (test: pool saturated)"));
        assertThat(flakyEvents).filteredOn(e -> e.type() == EventType.STARTED).hasSize(1);
        assertThat(TestKafka.resultsOf(partitioned.bootstrap(), flakyId, WAIT)).hasSize(1);
    }

    @Test
    void cancellingAJobDuringItsBackOffEndsItWithoutAnotherAttempt() throws Exception {
        String id = submit(partitioned, 403, BROKEN);
        awaitFirstAttempt(id);
        TestKafka.send(partitioned.bootstrap(), Topics.JOBS, id, SpecJson.writeString(JobCommand.cancel(id)));

        assertThat(TestKafka.awaitEnd(partitioned.bootstrap(), id, WAIT).type()).isEqualTo(EventType.CANCELLED);
        assertThat(deadLetterReason(partitioned, id)).isEqualTo("CANCELLED");
        assertThat(COMPUTATION.invocations(id)).isEqualTo(1);
    }

    /** Sends a quick job that fails the way {@code failures} makes it fail; returns its id. */
    private static String submit(Stack stack, long seed, Set<String> failures) throws Exception {
        String spec = TestKafka.quickSpec(seed);
        String id = TestKafka.jobId(spec);
        failures.add(id);
        SENT.put(id, spec);
        TestKafka.sendSpec(stack.bootstrap(), spec);
        return id;
    }

    private static void awaitFirstAttempt(String id) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (COMPUTATION.invocations(id) < 1 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    /** The reason of the job's DLQ entry, after checking that the entry is the original record. */
    private static String deadLetterReason(Stack stack, String id) {
        var dead = TestKafka.awaitDeadLetter(stack.bootstrap(), id, WAIT);
        assertThat(TestKafka.header(dead, "ce_origin")).startsWith(Topics.JOBS + "/");
        assertThat(TestKafka.text(dead)).isEqualTo(SENT.get(id));
        return TestKafka.header(dead, CloudEvents.HEADER_REASON);
    }
}
