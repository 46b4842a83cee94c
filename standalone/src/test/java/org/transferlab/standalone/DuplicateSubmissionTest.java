package org.transferlab.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.transferlab.gateway.GatewayVerticle;
import org.transferlab.messaging.TopicSetup;
import org.transferlab.protocol.EngineVersion;
import org.transferlab.protocol.Topics;
import org.transferlab.protocol.event.EventType;
import org.transferlab.protocol.result.JobResult;
import org.transferlab.protocol.spec.SpecJson;
import org.transferlab.worker.WorkerOptions;
import org.transferlab.worker.WorkerVerticle;

/**
 * The same job submitted again, over HTTP or straight to Kafka, is computed once (engine invocations
 * counted); a second result (a redelivered job computed twice) reaches clients not at all.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DuplicateSubmissionTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String HTTP_SPEC = TestKafka.quickSpec(601);
    /** The HTTP job takes a moment, so that its second submission finds it running. */
    private static final CountingComputation COMPUTATION = new CountingComputation((jobId, attempt, cancel) -> {
        if (jobId.equals(TestKafka.jobId(HTTP_SPEC))) {
            Thread.sleep(1500);
        }
    });
    private static Stack stack;
    private static GatewayClient client;

    @BeforeAll
    static void start() {
        stack = Stack.embedded(null, 0).withGateway(0);
        stack.withWorker(new WorkerVerticle(WorkerOptions.of(stack.bootstrap()).withName("counting"), COMPUTATION));
        client = new GatewayClient(stack.gatewayUrl());
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void sameSpecOverHttpIsComputedOnceAndTheLaterAnswerIsTheResult() throws Exception {
        byte[] body = HTTP_SPEC.getBytes(StandardCharsets.UTF_8);
        String id = TestKafka.jobId(HTTP_SPEC);
        GatewayClient.Reply first = client.submit(body);
        assertThat(first.status()).isEqualTo(202);
        GatewayClient.Reply whileRunning = client.submit(body);
        assertThat(whileRunning.status()).isEqualTo(202);
        assertThat(whileRunning.text("jobId")).isEqualTo(id);

        TestKafka.awaitCompleted(stack.bootstrap(), List.of(id), WAIT);
        GatewayClient.Reply after = awaitStatus(id, "completed");
        GatewayClient.Reply again = client.submit(body);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.text("state")).isEqualTo("completed");
        assertThat(again.body().get("result")).isEqualTo(after.body().get("result"));
        assertThat(COMPUTATION.invocations(id)).isEqualTo(1);
    }

    @Test
    void sameSpecWrittenToKafkaThreeTimesIsComputedOnce() throws Exception {
        String spec = TestKafka.quickSpec(602);
        String id = TestKafka.jobId(spec);
        TestKafka.send(stack.bootstrap(), Topics.JOBS, null, spec); // unkeyed, like kcat: any partition
        TestKafka.send(stack.bootstrap(), Topics.JOBS, null, spec);
        TestKafka.sendSpec(stack.bootstrap(), spec);
        TestKafka.awaitDrained(stack.bootstrap(), WAIT);

        assertThat(COMPUTATION.invocations(id)).isEqualTo(1);
        assertThat(resultsOf(id)).hasSize(1);
        // each copy ends for whoever follows the events: the later two without computing
        var completions = TestKafka.eventsOf(TestKafka.readUntil(stack.bootstrap(), Topics.EVENTS, WAIT,
                rs -> TestKafka.eventsOf(rs, id).stream().filter(e -> e.type() == EventType.COMPLETED).count() >= 3),
                id).stream().filter(e -> e.type() == EventType.COMPLETED).toList();
        assertThat(completions).hasSize(3);
        assertThat(completions.subList(1, 3)).allMatch(e -> e.message().contains("not computed again"));
        assertThat(awaitStatus(id, "completed").body().get("result")).isNotNull();
    }

    @Test
    void aSecondResultForTheSameJobIsNotShownToClients() throws Exception {
        String spec = TestKafka.quickSpec(603);
        String id = TestKafka.jobId(spec);
        TestKafka.sendSpec(stack.bootstrap(), spec);
        TestKafka.awaitCompleted(stack.bootstrap(), List.of(id), WAIT);
        JobResult original = SpecJson.mapper().treeToValue(awaitStatus(id, "completed").body().get("result"),
                JobResult.class);

        List<JsonObject> announced = new CopyOnWriteArrayList<>();
        MessageConsumer<JsonObject> sub = stack.vertx().eventBus().consumer(GatewayVerticle.address(id),
                m -> announced.add(m.body()));
        Stack.await(sub.completion());
        // what a job redelivered after a crash and computed again would publish, then a marker behind it
        String marker = idOnSamePartitionAs(id);
        publishResult(new JobResult(id, original.spec(), original.engineVersion(), 5, 6, "second-run", null,
                original.notes(), original.rows()));
        publishResult(new JobResult(marker, null, EngineVersion.CURRENT, 5, 6, "marker", null, List.of(), List.of()));
        awaitStatus(marker, "completed"); // the gateway has read past the duplicate

        assertThat(client.status(id).body().get("result").get("worker").asText()).isEqualTo(original.worker());
        assertThat(announced).noneMatch(m -> "result".equals(m.getString("kind")));
        Stack.await(sub.unregister());
    }

    private static void publishResult(JobResult r) throws Exception {
        TestKafka.sendSigned(stack.bootstrap(), stack.signer(), Topics.RESULTS, r.jobId(), SpecJson.writeString(r));
    }

    private static List<?> resultsOf(String id) {
        // everything on the topic: the jobs are drained, so every result there is already written
        return TestKafka.readUntil(stack.bootstrap(), Topics.RESULTS, Duration.ofSeconds(3), rs -> false).stream()
                .filter(r -> id.equals(r.key())).toList();
    }

    private static String idOnSamePartitionAs(String id) {
        int partitions = TopicSetup.DEFAULT_JOB_PARTITIONS;
        int p = TestKafka.partitionOf(id, partitions);
        for (int i = 1; ; i++) {
            String candidate = String.format("tl-%024x", i);
            if (TestKafka.partitionOf(candidate, partitions) == p) {
                return candidate;
            }
        }
    }

    private static GatewayClient.Reply awaitStatus(String id, String state) throws Exception {
        return TestKafka.awaitState(client, id, state, WAIT);
    }
}
