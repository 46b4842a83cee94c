package org.transferlab.standalone;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.transferlab.engine.Engine;
import org.transferlab.engine.run.CancellationToken;
import org.transferlab.engine.run.ProgressSink;
import org.transferlab.protocol.JobId;
import org.transferlab.protocol.result.JobResult;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.SpecJson;
import org.transferlab.protocol.spec.SpecValidator;

/** Plain Kafka clients (what kcat does) and fast specs for the integration tests. */
final class TestKafka {
    private TestKafka() {
    }

    /** A fast linear-network theory-only spec; {@code seed} makes distinct jobs. */
    static String quickSpec(long seed) {
        return """
                {"name":"it-%d","network":{"activation":"linear"},"inputDim":40,
                 "source":{"samples":80},"target":{"samples":20,"task":{"alignment":0.7}},
                 "protocols":["scratch","finetune"],"methods":["theory"],"seed":%d}
                """.formatted(seed, seed);
    }

    static ExperimentSpec validated(String json) {
        return SpecValidator.validated(SpecJson.parseSpec(json.getBytes(StandardCharsets.UTF_8)));
    }

    static String jobId(String json) {
        return JobId.of(validated(json));
    }

    /** What the engine computes for this spec when called directly, without any messaging. */
    static JobResult direct(String json) {
        ExperimentSpec spec = validated(json);
        return new Engine().run(JobId.of(spec), spec, ProgressSink.NONE, new CancellationToken());
    }

    static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    static KafkaProducer<String, byte[]> producer(String bootstrap) {
        return producer(bootstrap, new Properties());
    }

    /** A producer of transactions under {@code transactionalId}, which the caller initialises. */
    static KafkaProducer<String, byte[]> transactionalProducer(String bootstrap, String transactionalId) {
        Properties p = new Properties();
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        return producer(bootstrap, p);
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap, Properties p) {
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    static void send(String bootstrap, String topic, String key, String value) throws Exception {
        try (KafkaProducer<String, byte[]> p = producer(bootstrap)) {
            p.send(new ProducerRecord<>(topic, key, value.getBytes(StandardCharsets.UTF_8))).get();
        }
    }

    /** A record signed as a worker signs it (with the first of the signer's keys). */
    static void sendSigned(String bootstrap, org.transferlab.messaging.RecordSigner signer, String topic, String key,
                           String value) throws Exception {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        ProducerRecord<String, byte[]> r = new ProducerRecord<>(topic, key, bytes);
        r.headers().add(org.transferlab.messaging.RecordSigner.HEADER,
                signer.signature(topic, key, bytes).getBytes(StandardCharsets.UTF_8));
        try (KafkaProducer<String, byte[]> p = producer(bootstrap)) {
            p.send(r).get();
        }
    }

    /**
     * Reads {@code topic} from the beginning (committed records) until {@code done} holds for the
     * records read so far, or the timeout passes; returns everything read.
     */
    static List<ConsumerRecord<String, byte[]>> readUntil(String bootstrap, String topic, Duration timeout,
                                                         Predicate<List<ConsumerRecord<String, byte[]>>> done) {
        // as every TransferLab reader: a fenced worker's aborted result is on the log, not a result
        return readUntil(bootstrap, topic, timeout, done, "read_committed");
    }

    /** As {@link #readUntil(String, String, Duration, Predicate)}, with records of open transactions too. */
    static List<ConsumerRecord<String, byte[]>> readUncommittedUntil(String bootstrap, String topic, Duration timeout,
            Predicate<List<ConsumerRecord<String, byte[]>>> done) {
        return readUntil(bootstrap, topic, timeout, done, "read_uncommitted");
    }

    private static List<ConsumerRecord<String, byte[]>> readUntil(String bootstrap, String topic, Duration timeout,
            Predicate<List<ConsumerRecord<String, byte[]>>> done, String isolation) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> tps = c.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            c.assign(tps);
            c.seekToBeginning(tps);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!done.test(seen) && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(seen::add);
            }
        }
        return seen;
    }

    /**
     * Waits (reading transfer.events) until every job has ended, and asserts that each completed,
     * failing fast with the failure code and message otherwise. Returns the events read.
     */
    static List<ConsumerRecord<String, byte[]>> awaitCompleted(String bootstrap, java.util.Collection<String> ids,
                                                              Duration timeout) {
        List<ConsumerRecord<String, byte[]>> events = readUntil(bootstrap, org.transferlab.protocol.Topics.EVENTS,
                timeout, rs -> terminal(rs).keySet().containsAll(ids));
        Map<String, org.transferlab.protocol.event.JobEvent> ends = terminal(events);
        for (String id : ids) {
            var end = awaitedEnd(ends, id, timeout);
            if (end.type() != org.transferlab.protocol.event.EventType.COMPLETED) {
                throw new AssertionError("job " + id + " ended " + end.type() + " " + end.code() + ": " + end.message());
            }
        }
        return events;
    }

    /** Waits until the job has ended, however it ended, and returns its first terminal event. */
    static org.transferlab.protocol.event.JobEvent awaitEnd(String bootstrap, String id, Duration timeout) {
        var events = readUntil(bootstrap, org.transferlab.protocol.Topics.EVENTS, timeout,
                rs -> terminal(rs).containsKey(id));
        return awaitedEnd(terminal(events), id, timeout);
    }

    private static org.transferlab.protocol.event.JobEvent awaitedEnd(
            Map<String, org.transferlab.protocol.event.JobEvent> ends, String id, Duration timeout) {
        var end = ends.get(id);
        if (end == null) {
            throw new AssertionError("job " + id + " did not end within " + timeout);
        }
        return end;
    }

    /** Every event of one job read so far, in order. */
    static List<org.transferlab.protocol.event.JobEvent> eventsOf(List<ConsumerRecord<String, byte[]>> rs, String id) {
        return rs.stream().filter(r -> id.equals(r.key()))
                .map(r -> SpecJson.read(r.value(), org.transferlab.protocol.event.JobEvent.class)).toList();
    }

    /** The first record on the DLQ with this key, waiting for it up to {@code timeout}. */
    static ConsumerRecord<String, byte[]> awaitDeadLetter(String bootstrap, String key, Duration timeout) {
        return readUntil(bootstrap, org.transferlab.protocol.Topics.DLQ, timeout,
                rs -> rs.stream().anyMatch(r -> key.equals(r.key())))
                .stream().filter(r -> key.equals(r.key())).findFirst()
                .orElseThrow(() -> new AssertionError("no DLQ entry for " + key + " within " + timeout));
    }

    /** The records on transfer.results with this key (after reading the topic until one appears). */
    static List<ConsumerRecord<String, byte[]>> resultsOf(String bootstrap, String key, Duration timeout) {
        return readUntil(bootstrap, org.transferlab.protocol.Topics.RESULTS, timeout,
                rs -> rs.stream().anyMatch(r -> key.equals(r.key())))
                .stream().filter(r -> key.equals(r.key())).toList();
    }

    /**
     * Waits until the workers' share group has acknowledged every record of transfer.jobs: its lag (the
     * records not yet acknowledged, as the share coordinator counts them) is 0 on every partition. The
     * start offset is no measure: the coordinator persists it lazily, a few records behind.
     */
    static void awaitDrained(String bootstrap, Duration timeout) throws Exception {
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                Map.of(org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            long deadline = System.nanoTime() + timeout.toNanos();
            String group = org.transferlab.protocol.Topics.WORKER_SHARE_GROUP;
            while (true) {
                var offsets = admin.listShareGroupOffsets(Map.of(group,
                        new org.apache.kafka.clients.admin.ListShareGroupOffsetsSpec()))
                        .partitionsToOffsetInfo(group).get();
                boolean drained = !offsets.isEmpty() && offsets.values().stream()
                        .allMatch(o -> o != null && o.lag().orElse(-1L) == 0);
                if (drained) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("transfer.jobs not drained within " + timeout + ": " + offsets);
                }
                Thread.sleep(100);
            }
        }
    }

    /** Asks the gateway until the job is in {@code state}; returns that answer. */
    static GatewayClient.Reply awaitState(GatewayClient client, String id, String state, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        GatewayClient.Reply r = client.status(id);
        while (!(r.status() == 200 && state.equals(r.text("state"))) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            r = client.status(id);
        }
        if (!state.equals(r.text("state"))) {
            throw new AssertionError("job " + id + " not " + state + " within " + timeout + ": " + r);
        }
        return r;
    }

    /** A spec for a raw send, keyed by its job id (as the gateway keys it). */
    static void sendSpec(String bootstrap, String spec) throws Exception {
        send(bootstrap, org.transferlab.protocol.Topics.JOBS, jobId(spec), spec);
    }

    /** Seeds from {@code from} on whose quick specs land on pairwise different partitions of transfer.jobs. */
    static List<Long> seedsOnDistinctPartitions(long from, int count, int partitions) {
        List<Long> seeds = new ArrayList<>();
        java.util.Set<Integer> used = new java.util.HashSet<>();
        for (long seed = from; seeds.size() < count; seed++) {
            if (used.add(partitionOf(jobId(quickSpec(seed)), partitions))) {
                seeds.add(seed);
            }
        }
        return seeds;
    }

    static Map<String, org.transferlab.protocol.event.JobEvent> terminal(List<ConsumerRecord<String, byte[]>> rs) {
        Map<String, org.transferlab.protocol.event.JobEvent> ends = new java.util.HashMap<>();
        for (var r : rs) {
            var ev = SpecJson.read(r.value(), org.transferlab.protocol.event.JobEvent.class);
            if (ev.type().isTerminal()) {
                ends.putIfAbsent(ev.jobId(), ev);
            }
        }
        return ends;
    }

    static String header(ConsumerRecord<?, ?> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    static String text(ConsumerRecord<String, byte[]> r) {
        return r.value() == null ? null : new String(r.value(), StandardCharsets.UTF_8);
    }

    static Map<String, Object> tree(Object value) {
        @SuppressWarnings("unchecked")
        Map<String, Object> m = SpecJson.mapper().convertValue(value, Map.class);
        return m;
    }
}
