package org.transferlab.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.transferlab.standalone.TestKafka.header;
import static org.transferlab.standalone.TestKafka.quickSpec;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.transferlab.gateway.GatewayVerticle;
import org.transferlab.protocol.CloudEvents;
import org.transferlab.protocol.Topics;
import org.transferlab.protocol.result.JobResult;
import org.transferlab.protocol.result.ResultCsv;
import org.transferlab.protocol.spec.SpecJson;

/** Real broker, real gateway on a free port, one real worker with the real engine; no mocks. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class JobFlowTest {
    private static Stack stack;
    private static GatewayClient client;

    @BeforeAll
    static void start() {
        stack = Stack.embedded(null, 0).withGateway(0).withWorker(1);
        client = new GatewayClient(stack.gatewayUrl());
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void httpSubmissionStreamsOrderedEventsAndDeliversTheEnginesResult() throws Exception {
        String spec = quickSpec(1);
        String jobId = TestKafka.jobId(spec);
        List<JsonObject> bus = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> busDone = new CompletableFuture<>();
        MessageConsumer<JsonObject> sub = stack.vertx().eventBus().consumer(GatewayVerticle.address(jobId), m -> {
            bus.add(m.body());
            JsonObject ev = m.body().getJsonObject("event");
            if (ev != null && List.of("COMPLETED", "FAILED", "CANCELLED").contains(ev.getString("type"))) {
                busDone.complete(null);
            }
        });
        Stack.await(sub.completion());

        GatewayClient.Reply reply = client.submit(spec.getBytes(StandardCharsets.UTF_8));
        assertThat(reply.status()).isEqualTo(202);
        assertThat(reply.text("jobId")).isEqualTo(jobId);

        List<String> sse = Collections.synchronizedList(new ArrayList<>());
        assertThat(client.events(jobId, e -> sse.add(e.event()))).isEqualTo(200);
        busDone.get(60, TimeUnit.SECONDS);
        sub.unregister();
        TestKafka.awaitCompleted(stack.bootstrap(), List.of(jobId), Duration.ofSeconds(5));

        // SSE: the current state first, then events in lifecycle order, ending with completed
        assertThat(sse.get(0)).isEqualTo("state");
        assertThat(sse.get(sse.size() - 1)).isEqualTo("completed");
        assertInLifecycleOrder(sse.subList(1, sse.size()).stream().filter(e -> !e.equals("result")).toList(), false);
        // event bus: accepted, started, progress..., the result, completed
        List<String> kinds = bus.stream().map(m -> m.getJsonObject("event") != null
                ? m.getJsonObject("event").getString("type").toLowerCase() : "result").toList();
        assertThat(kinds.get(0)).isEqualTo("accepted");
        assertThat(kinds).containsSubsequence("accepted", "started", "result", "completed");
        assertInLifecycleOrder(kinds.stream().filter(k -> !k.equals("result")).toList(), true);

        GatewayClient.Reply status = client.status(jobId);
        assertThat(status.status()).isEqualTo(200);
        assertThat(status.text("state")).isEqualTo("completed");
        JobResult delivered = SpecJson.mapper().treeToValue(status.body().get("result"), JobResult.class);
        JobResult direct = TestKafka.direct(spec);
        assertThat(delivered.jobId()).isEqualTo(jobId);
        assertThat(delivered.worker()).isEqualTo(stack.workers().get(0).name());
        assertThat(rows(delivered)).isEqualTo(rows(direct));
        assertThat(delivered.rows()).isNotEmpty();

        // the same spec again: answered at once with the stored result, nothing recomputed
        GatewayClient.Reply again = client.submit(spec.getBytes(StandardCharsets.UTF_8));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.text("state")).isEqualTo("completed");
        assertThat(again.body().get("result").get("rows")).isEqualTo(rows(direct));

        GatewayClient.Reply csv = client.get("/api/jobs/" + jobId + "/result.csv");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.body().asText()).isEqualTo(ResultCsv.write(delivered));

        GatewayClient.Reply list = client.get("/api/jobs");
        assertThat(list.body().get("jobs").findValuesAsText("jobId")).contains(jobId);
    }

    @Test
    void bareSpecWrittenToKafkaLikeKcatIsComputed() throws Exception {
        String spec = quickSpec(2);
        String jobId = TestKafka.jobId(spec);
        TestKafka.send(stack.bootstrap(), Topics.JOBS, null, spec); // no key, no headers: like kcat -P
        TestKafka.awaitCompleted(stack.bootstrap(), List.of(jobId), Duration.ofSeconds(60));
        List<ConsumerRecord<String, byte[]>> results = TestKafka.readUntil(stack.bootstrap(), Topics.RESULTS,
                Duration.ofSeconds(60), rs -> rs.stream().anyMatch(r -> jobId.equals(r.key())));
        ConsumerRecord<String, byte[]> r = results.stream().filter(x -> jobId.equals(x.key())).findFirst()
                .orElseThrow(() -> new AssertionError("no result for " + jobId + " on " + Topics.RESULTS));
        assertThat(header(r, "ce_type")).isEqualTo(CloudEvents.TYPE_RESULT);
        assertThat(header(r, "ce_subject")).isEqualTo(jobId);
        JobResult delivered = SpecJson.read(r.value(), JobResult.class);
        assertThat(rows(delivered)).isEqualTo(rows(TestKafka.direct(spec)));
    }

    @Test
    void invalidSpecIsRefusedWithTheFieldNamed() throws Exception {
        String bad = """
                {"network":{"activation":"tanh"},"inputDim":40,"source":{"samples":80},
                 "target":{"samples":20},"methods":["theory"]}""";
        GatewayClient.Reply r = client.submit(bad.getBytes(StandardCharsets.UTF_8));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body().get("errors").findValuesAsText("field")).contains("network.activation");

        GatewayClient.Reply unknown = client.submit("{\"inputDim\":40,\"colour\":\"red\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body().get("errors").get(0).get("message").asText()).contains("colour");

        byte[] huge = ("{\"name\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        assertThat(client.submit(huge).status()).isEqualTo(413);
        assertThat(client.status("tl-000000000000000000000000").status()).isEqualTo(404);
    }

    @Test
    void unparseableRecordGoesToTheDlqAndTheWorkerCarriesOn() throws Exception {
        TestKafka.send(stack.bootstrap(), Topics.JOBS, "garbage-key", "this is { not json");
        List<ConsumerRecord<String, byte[]>> dlq = TestKafka.readUntil(stack.bootstrap(), Topics.DLQ,
                Duration.ofSeconds(30), rs -> rs.stream().anyMatch(r -> "garbage-key".equals(r.key())));
        ConsumerRecord<String, byte[]> dead = dlq.stream().filter(r -> "garbage-key".equals(r.key())).findFirst()
                .orElseThrow(() -> new AssertionError("nothing on " + Topics.DLQ));
        assertThat(header(dead, CloudEvents.HEADER_REASON)).isEqualTo("INVALID_SPEC");
        assertThat(TestKafka.text(dead)).isEqualTo("this is { not json");
        assertThat(header(dead, "ce_error")).contains("not valid JSON");

        String spec = quickSpec(3);
        String jobId = TestKafka.jobId(spec);
        TestKafka.send(stack.bootstrap(), Topics.JOBS, jobId, spec);
        TestKafka.awaitCompleted(stack.bootstrap(), List.of(jobId), Duration.ofSeconds(60));
        List<ConsumerRecord<String, byte[]>> results = TestKafka.readUntil(stack.bootstrap(), Topics.RESULTS,
                Duration.ofSeconds(60), rs -> rs.stream().anyMatch(r -> jobId.equals(r.key())));
        assertThat(results).anyMatch(r -> jobId.equals(r.key()));
    }

    @Test
    void healthReportsTheBroker() throws Exception {
        GatewayClient.Reply h = client.get("/health");
        assertThat(h.status()).isEqualTo(200);
        assertThat(h.text("status")).isEqualTo("UP");
    }

    private static JsonNode rows(JobResult r) {
        return SpecJson.mapper().valueToTree(r.rows());
    }

    /** accepted? started? progress* completed: nothing out of order, one end (and one start if seen from the start). */
    private static void assertInLifecycleOrder(List<String> events, boolean fromTheStart) {
        List<String> order = List.of("accepted", "started", "progress", "completed");
        int last = 0;
        for (String e : events) {
            int i = order.indexOf(e);
            assertThat(i).as("unexpected event %s in %s", e, events).isGreaterThanOrEqualTo(0);
            assertThat(i).as("event %s out of order in %s", e, events).isGreaterThanOrEqualTo(last);
            last = i;
        }
        assertThat(events).containsOnlyOnce("completed");
        if (fromTheStart) {
            assertThat(events).containsOnlyOnce("started");
        }
    }
}
