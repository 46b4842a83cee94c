package org.transferlab.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.transferlab.messaging.KafkaSettings;
import org.transferlab.messaging.TopicSetup;
import org.transferlab.protocol.Topics;
import org.transferlab.protocol.event.EventType;
import org.transferlab.protocol.event.JobEvent;
import org.transferlab.protocol.spec.SpecJson;
import org.transferlab.worker.QueueMode;
import org.transferlab.worker.WorkerOptions;
import org.transferlab.worker.WorkerVerticle;

/**
 * The partitions queue: two worker verticles in one consumer group share a batch over four partitions;
 * each job is computed once, by one of them.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WorkerGroupTest {
    private static final int PARTITIONS = 4;
    private static Stack stack;
    private static WorkerVerticle first;
    private static WorkerVerticle second;

    @BeforeAll
    static void start() throws Exception {
        stack = Stack.embedded(null, 0);
        TopicSetup.ensure(new KafkaSettings(stack.bootstrap()), PARTITIONS);
        first = new WorkerVerticle(WorkerOptions.of(stack.bootstrap()).withName("worker-a")
                .withQueue(QueueMode.PARTITIONS));
        second = new WorkerVerticle(WorkerOptions.of(stack.bootstrap()).withName("worker-b")
                .withQueue(QueueMode.PARTITIONS));
        stack.withWorker(first).withWorker(second);
        // wait for the group to settle: every partition owned, by exactly one of the two
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            Set<Integer> a = first.assignedPartitions();
            Set<Integer> b = second.assignedPartitions();
            if (!a.isEmpty() && !b.isEmpty() && a.size() + b.size() == PARTITIONS) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("group did not settle: " + first.assignedPartitions() + " / "
                + second.assignedPartitions());
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void twoWorkersSplitABatchAndEveryJobCompletesExactlyOnce() throws Exception {
        int partitions = PARTITIONS;
        // distinct jobs, at least two on every partition, so that both workers get some
        Map<String, String> jobs = new HashMap<>();
        int[] perPartition = new int[partitions];
        for (long seed = 100; jobs.size() < 2 * partitions || min(perPartition) < 2; seed++) {
            String spec = TestKafka.quickSpec(seed);
            String id = TestKafka.jobId(spec);
            int p = TestKafka.partitionOf(id, partitions);
            if (perPartition[p] < 2) {
                perPartition[p]++;
                jobs.put(id, spec);
            }
        }
        try (KafkaProducer<String, byte[]> producer = TestKafka.producer(stack.bootstrap())) {
            for (var e : jobs.entrySet()) {
                producer.send(new ProducerRecord<>(Topics.JOBS, e.getKey(),
                        e.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
        TestKafka.awaitCompleted(stack.bootstrap(), jobs.keySet(), Duration.ofSeconds(90));
        Thread.sleep(500); // let any duplicate (there must be none) show up
        List<ConsumerRecord<String, byte[]>> events = TestKafka.readUntil(stack.bootstrap(), Topics.EVENTS,
                Duration.ofSeconds(10), rs -> completedIds(rs).containsAll(jobs.keySet()));

        Map<String, Integer> completions = new HashMap<>();
        Map<String, Integer> starts = new HashMap<>();
        Map<String, String> computedBy = new HashMap<>();
        for (var r : events) {
            JobEvent ev = SpecJson.read(r.value(), JobEvent.class);
            if (ev.type() == EventType.COMPLETED) {
                completions.merge(ev.jobId(), 1, Integer::sum);
                computedBy.put(ev.jobId(), ev.worker());
            } else if (ev.type() == EventType.STARTED) {
                starts.merge(ev.jobId(), 1, Integer::sum);
            }
        }
        for (String id : jobs.keySet()) {
            assertThat(completions.get(id)).as("completions of %s", id).isEqualTo(1);
            assertThat(starts.get(id)).as("starts of %s", id).isEqualTo(1);
        }
        assertThat(new HashSet<>(computedBy.values())).containsExactlyInAnyOrder("worker-a", "worker-b");
        assertThat(first.completedJobs() + second.completedJobs()).isEqualTo(jobs.size());

        List<ConsumerRecord<String, byte[]>> results = TestKafka.readUntil(stack.bootstrap(), Topics.RESULTS,
                Duration.ofSeconds(10), rs -> rs.size() >= jobs.size());
        Map<String, Integer> resultCount = new HashMap<>();
        results.forEach(r -> resultCount.merge(r.key(), 1, Integer::sum));
        jobs.keySet().forEach(id -> assertThat(resultCount.get(id)).as("results of %s", id).isEqualTo(1));
    }

    private static Set<String> completedIds(List<ConsumerRecord<String, byte[]>> rs) {
        Set<String> ids = new HashSet<>();
        for (var r : rs) {
            JobEvent ev = SpecJson.read(r.value(), JobEvent.class);
            if (ev.type() == EventType.COMPLETED) {
                ids.add(ev.jobId());
            }
        }
        return ids;
    }

    private static int min(int[] a) {
        int m = Integer.MAX_VALUE;
        for (int v : a) {
            m = Math.min(m, v);
        }
        return m;
    }
}
