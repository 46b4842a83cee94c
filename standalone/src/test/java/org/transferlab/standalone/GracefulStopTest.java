package org.transferlab.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.transferlab.protocol.Topics;
import org.transferlab.protocol.event.EventType;
import org.transferlab.protocol.event.JobEvent;
import org.transferlab.worker.WorkerOptions;
import org.transferlab.worker.WorkerVerticle;

/**
 * A worker stopped in an orderly way (Ctrl-C, a rolling deploy) while computing hands its job back:
 * no cancelled event, no DLQ entry, no commit; the other worker of the group computes it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class GracefulStopTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Long enough to be stopped in the middle; honours cancellation as the engine does. */
    private static final CountingComputation COMPUTATION = new CountingComputation((jobId, attempt, cancel) -> {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (System.nanoTime() < end) {
            cancel.throwIfCancelled();
            Thread.sleep(20);
        }
    });
    private static Stack stack;
    private static final Map<String, String> DEPLOYMENTS = new java.util.concurrent.ConcurrentHashMap<>();

    @BeforeAll
    static void start() {
        stack = Stack.embedded(null, 0);
        for (String name : List.of("orderly-a", "orderly-b")) {
            WorkerVerticle w = new WorkerVerticle(WorkerOptions.of(stack.bootstrap()).withName(name), COMPUTATION);
            DEPLOYMENTS.put(name, Stack.await(stack.vertx().deployVerticle(w)));
        }
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void stoppedWorkersJobIsCompletedByTheOtherNotCancelled() throws Exception {
        String spec = TestKafka.quickSpec(1001);
        String id = TestKafka.jobId(spec);
        TestKafka.sendSpec(stack.bootstrap(), spec);
        JobEvent started = TestKafka.eventsOf(TestKafka.readUntil(stack.bootstrap(), Topics.EVENTS, WAIT,
                rs -> TestKafka.eventsOf(rs, id).stream().anyMatch(e -> e.type() == EventType.STARTED)), id)
                .stream().filter(e -> e.type() == EventType.STARTED).findFirst().orElseThrow();
        Stack.await(stack.vertx().undeploy(DEPLOYMENTS.get(started.worker())));

        TestKafka.awaitCompleted(stack.bootstrap(), List.of(id), WAIT);
        List<JobEvent> events = TestKafka.eventsOf(TestKafka.readUntil(stack.bootstrap(), Topics.EVENTS,
                Duration.ofSeconds(3), rs -> false), id);
        assertThat(events).noneMatch(e -> e.type() == EventType.CANCELLED || e.type() == EventType.FAILED);
        assertThat(events).filteredOn(e -> e.type() == EventType.COMPLETED).singleElement()
                .satisfies(e -> assertThat(e.worker()).isNotEqualTo(started.worker()));
        assertThat(COMPUTATION.invocations(id)).isEqualTo(2);
        assertThat(TestKafka.readUntil(stack.bootstrap(), Topics.DLQ, Duration.ofSeconds(3), rs -> false))
                .noneMatch(r -> id.equals(r.key()));
    }
}
