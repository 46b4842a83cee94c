package org.transferlab.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.transferlab.protocol.Topics;
import org.transferlab.protocol.event.EventType;
import org.transferlab.protocol.event.JobEvent;
import org.transferlab.worker.WorkerOptions;
import org.transferlab.worker.WorkerVerticle;

/**
 * Two workers that compute one job at the same time publish one result. This happens when a broker
 * failover moves the leadership of the queue's partition while a job runs (the new leader does not
 * know the running job's lock and gives the job to another worker), or when the same spec is queued
 * twice. Here each job is queued twice, two workers take one copy each, and both copies are held
 * until both run.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ConcurrentDuplicateTest {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final int JOBS = 3;

    /** Released together, the two publications race: one fences the other or finds its result. */
    @Test
    void twoWorkersFinishingTogetherPublishOneResult() throws Exception {
        try (Stack stack = Stack.embedded(null, 0)) {
            Map<String, CountDownLatch> bothRunning = new ConcurrentHashMap<>();
            CountingComputation computation = new CountingComputation((jobId, attempt, cancel) ->
                    awaitBoth(bothRunning, jobId));
            List<String> ids = computeEachTwice(stack, computation, 701);
            assertComputedTwicePublishedOnce(ids, computation, Runs.read(stack.bootstrap()));
        }
    }

    /** The copy that ends after the other's result is on the topic writes nothing and says so. */
    @Test
    void aWorkerFinishingAfterTheOtherPublishedDropsItsResult() throws Exception {
        try (Stack stack = Stack.embedded(null, 0)) {
            Map<String, CountDownLatch> bothRunning = new ConcurrentHashMap<>();
            CountingComputation computation = new CountingComputation((jobId, attempt, cancel) -> {
                awaitBoth(bothRunning, jobId);
                if (attempt == 2) {
                    TestKafka.readUntil(stack.bootstrap(), Topics.RESULTS, WAIT,
                            rs -> rs.stream().anyMatch(r -> jobId.equals(r.key())));
                }
            });
            List<String> ids = computeEachTwice(stack, computation, 711);
            Runs runs = Runs.read(stack.bootstrap());
            assertComputedTwicePublishedOnce(ids, computation, runs);
            for (String id : ids) {
                assertThat(runs.completions(id)).as("completed events of %s", id)
                        .anyMatch(e -> e.message() != null && e.message().contains("published first"));
            }
        }
    }

    /**
     * Another job's transaction left open on the results partition (a worker that died mid-publication)
     * holds back what committed readers see. The copy that ends after the first copy's result was
     * written behind it must still find that result, not publish a second one.
     */
    @Test
    void aResultWrittenBehindAnOpenTransactionIsFound() throws Exception {
        try (Stack stack = Stack.embedded(null, 0);
             KafkaProducer<String, byte[]> stalled = TestKafka.transactionalProducer(stack.bootstrap(),
                     "test-stalled-publication")) {
            Map<String, CountDownLatch> bothRunning = new ConcurrentHashMap<>();
            CountingComputation computation = new CountingComputation((jobId, attempt, cancel) -> {
                awaitBoth(bothRunning, jobId);
                if (attempt == 2) { // ends once the first copy's result is on the log, committed or not
                    TestKafka.readUncommittedUntil(stack.bootstrap(), Topics.RESULTS, WAIT,
                            rs -> rs.stream().anyMatch(r -> jobId.equals(r.key())));
                }
            });
            addTwins(stack, computation); // they create the topics
            stalled.initTransactions();
            stalled.beginTransaction();
            stalled.send(new ProducerRecord<>(Topics.RESULTS, "tl-000000000000000000000000", new byte[]{'{', '}'}))
                    .get(30, TimeUnit.SECONDS);

            String spec = TestKafka.quickSpec(721);
            String id = TestKafka.jobId(spec);
            TestKafka.sendSpec(stack.bootstrap(), spec);
            TestKafka.sendSpec(stack.bootstrap(), spec);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (computation.invocations(id) < 2 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            // long enough for a copy that read only up to the committed end to publish behind it
            Thread.sleep(3000);
            stalled.abortTransaction();
            TestKafka.awaitDrained(stack.bootstrap(), WAIT);

            Runs runs = Runs.read(stack.bootstrap());
            assertComputedTwicePublishedOnce(List.of(id), computation, runs);
        }
    }

    private static void assertComputedTwicePublishedOnce(List<String> ids, CountingComputation computation, Runs runs) {
        for (String id : ids) {
            assertThat(computation.invocations(id)).as("computations of %s", id).isEqualTo(2);
            assertThat(runs.results(id)).as("results of %s", id).isEqualTo(1);
            assertThat(runs.publishedCompletions(id)).as("completed events with a result, %s", id).hasSize(1);
        }
    }

    private static void awaitBoth(Map<String, CountDownLatch> bothRunning, String jobId) throws InterruptedException {
        CountDownLatch latch = bothRunning.computeIfAbsent(jobId, id -> new CountDownLatch(2));
        latch.countDown();
        if (!latch.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the second copy of " + jobId + " never started");
        }
    }

    /** Two workers; each of {@link #JOBS} specs queued twice; returns once every copy is acknowledged. */
    private static List<String> computeEachTwice(Stack stack, CountingComputation computation, long firstSeed)
            throws Exception {
        addTwins(stack, computation);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < JOBS; i++) {
            String spec = TestKafka.quickSpec(firstSeed + i);
            ids.add(TestKafka.jobId(spec));
            TestKafka.sendSpec(stack.bootstrap(), spec);
            TestKafka.sendSpec(stack.bootstrap(), spec);
        }
        TestKafka.awaitDrained(stack.bootstrap(), WAIT);
        return ids;
    }

    private static void addTwins(Stack stack, CountingComputation computation) {
        for (String name : List.of("twin-a", "twin-b")) {
            stack.withWorker(new WorkerVerticle(WorkerOptions.of(stack.bootstrap()).withName(name)
                    .withSigner(stack.signer()), computation));
        }
    }

    /** What the workers committed to the results and events topics. */
    private record Runs(List<ConsumerRecord<String, byte[]>> results, List<ConsumerRecord<String, byte[]>> events) {
        static Runs read(String bootstrap) {
            return new Runs(TestKafka.readUntil(bootstrap, Topics.RESULTS, Duration.ofSeconds(3), rs -> false),
                    TestKafka.readUntil(bootstrap, Topics.EVENTS, Duration.ofSeconds(3), rs -> false));
        }

        long results(String id) {
            return results.stream().filter(r -> id.equals(r.key())).count();
        }

        List<JobEvent> completions(String id) {
            return TestKafka.eventsOf(events, id).stream().filter(e -> e.type() == EventType.COMPLETED).toList();
        }

        /** The completed events that came with a result (a dropped copy's carries a message). */
        List<JobEvent> publishedCompletions(String id) {
            return completions(id).stream().filter(e -> e.message() == null).toList();
        }
    }
}
