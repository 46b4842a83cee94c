package org.transferlab.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.transferlab.protocol.CloudEvents;
import org.transferlab.protocol.Topics;
import org.transferlab.standalone.MalformedSpecs.Malformed;

/**
 * Thousands of malformed specs at the gateway (HTTP) and at the workers (raw records on
 * {@code transfer.jobs}): every one is refused with 400 (413 when too large) naming the field, or
 * dead-lettered with its reason; never a 500, a stack trace or a stuck partition, and valid jobs
 * sent among them still complete.
 */
class MalformedInputFuzzTest {
    private static final int RECORDS = 1000;
    private static Stack stack;
    private static GatewayClient client;
    private static HostileDataRoot data;

    @BeforeContainer
    static void start() throws Exception {
        data = HostileDataRoot.plant();
        stack = Stack.embedded(null, 0).withGateway(0).withWorker(4);
        client = new GatewayClient(stack.gatewayUrl());
    }

    @AfterContainer
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
        data.close();
    }

    @Provide
    Arbitrary<Malformed> bodies() {
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(60, MalformedSpecs.any()),
                net.jqwik.api.Tuple.of(1, MalformedSpecs.oversized()));
    }

    @Property(tries = 1000, edgeCases = EdgeCasesMode.NONE)
    void gatewayRefusesEveryMalformedBodyNamingTheField(@ForAll("bodies") Malformed m) throws Exception {
        GatewayClient.Reply r = client.submit(m.body());
        assertThat(r.status()).as("status for %s: %s", m, r.body()).isEqualTo(m.field() == null ? 413 : 400);
        assertThat(r.body().toString()).doesNotContain(HostileDataRoot.MARKER);
        JsonNode errors = r.body().get("errors");
        assertThat(errors).as("errors for %s: %s", m, r.body()).isNotNull().isNotEmpty();
        List<String> fields = new ArrayList<>();
        for (JsonNode e : errors) {
            fields.add(e.path("field").asText());
            String message = e.path("message").asText();
            assertThat(message).as("message for %s", m).isNotBlank().doesNotContain("Exception", "\tat ", "\n");
        }
        if (m.field() != null) {
            String field = m.field(); // or an element or member of it: protocols[1], sweep.colour
            assertThat(fields).as("fields refused for %s: %s", m, r.body()).anyMatch(f -> f.equals(field)
                    || f.startsWith(field + "[") || f.startsWith(field + "."));
        }
    }

    @Provide
    Arbitrary<List<Malformed>> records() {
        return MalformedSpecs.any().list().ofSize(RECORDS);
    }

    @Property(tries = 1, edgeCases = EdgeCasesMode.NONE)
    void workersDeadLetterEveryMalformedRecordAndStillCompleteValidJobs(@ForAll("records") List<Malformed> records)
            throws Exception {
        Map<String, Malformed> sent = new HashMap<>();
        List<String> valid = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = TestKafka.producer(stack.bootstrap())) {
            for (int i = 0; i < records.size(); i++) {
                String key = "fuzz-" + i;
                sent.put(key, records.get(i));
                producer.send(new ProducerRecord<>(Topics.JOBS, key, records.get(i).body()));
                if (i % 200 == 100) { // valid jobs among them, on whatever partition their id hashes to
                    String spec = TestKafka.quickSpec(900 + i);
                    valid.add(TestKafka.jobId(spec));
                    producer.send(new ProducerRecord<>(Topics.JOBS, TestKafka.jobId(spec),
                            spec.getBytes(StandardCharsets.UTF_8)));
                }
            }
            producer.flush();
        }
        TestKafka.awaitCompleted(stack.bootstrap(), valid, Duration.ofSeconds(120));
        TestKafka.awaitDrained(stack.bootstrap(), Duration.ofSeconds(120));
        List<ConsumerRecord<String, byte[]>> dlq = TestKafka.readUntil(stack.bootstrap(), Topics.DLQ,
                Duration.ofSeconds(30), rs -> rs.stream().filter(r -> sent.containsKey(r.key())).count() >= RECORDS);
        Map<String, Integer> entries = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : dlq) {
            if (sent.containsKey(r.key())) {
                entries.merge(r.key(), 1, Integer::sum);
                assertThat(TestKafka.header(r, CloudEvents.HEADER_REASON)).as("reason for %s", sent.get(r.key()))
                        .isEqualTo("INVALID_SPEC");
                assertThat(r.value()).isEqualTo(sent.get(r.key()).body());
                assertThat(TestKafka.header(r, "ce_error")).doesNotContain(HostileDataRoot.MARKER);
            }
        }
        assertThat(sent.keySet()).allSatisfy(k -> assertThat(entries.get(k)).as("DLQ entries of %s", sent.get(k))
                .isEqualTo(1));
    }
}
