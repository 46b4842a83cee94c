package org.transferlab.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.transferlab.messaging.SigningKeys;
import org.transferlab.protocol.EngineVersion;
import org.transferlab.protocol.FailureCode;
import org.transferlab.protocol.Topics;
import org.transferlab.protocol.event.JobEvent;
import org.transferlab.protocol.result.JobResult;
import org.transferlab.protocol.spec.SpecJson;
import org.transferlab.worker.WorkerOptions;
import org.transferlab.worker.WorkerVerticle;

/**
 * Results and events written to Kafka by anyone but a worker (or a gateway) holding the signing key:
 * on a real broker, a plain Kafka client plants a result under a spec's job id before the spec is
 * submitted, unsigned and signed with a wrong key, plus a failed event. The gateway and the worker
 * ignore and count them, and the job is computed and served for real.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ForgedResultTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String SPEC = TestKafka.quickSpec(1401);
    private static Stack stack;
    private static GatewayClient client;

    @BeforeAll
    static void start() {
        stack = Stack.embedded(null, 0).withGateway(0);
        client = new GatewayClient(stack.gatewayUrl());
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void plantedResultsAndEventsAreIgnoredCountedAndTheRealResultIsServed() throws Exception {
        String id = TestKafka.jobId(SPEC);
        String forged = SpecJson.writeString(new JobResult(id, TestKafka.validated(SPEC), EngineVersion.CURRENT, 1, 2,
                "forged-by-kafka-client", null, List.of(), List.of()));
        TestKafka.send(stack.bootstrap(), Topics.RESULTS, id, forged); // what kcat -P does
        TestKafka.sendSigned(stack.bootstrap(), SigningKeys.random().signer(), Topics.RESULTS, id, forged);
        TestKafka.send(stack.bootstrap(), Topics.EVENTS, id, SpecJson.writeString(
                JobEvent.failed(id, "forged-by-kafka-client", FailureCode.INVALID_SPEC, "planted")));

        awaitForged(Topics.RESULTS, 2);
        awaitForged(Topics.EVENTS, 1);
        assertThat(client.status(id).status()).as("no job is known from forged records").isEqualTo(404);

        // a worker that starts now reads the planted results too, and must not take them as published
        WorkerVerticle worker = new WorkerVerticle(WorkerOptions.of(stack.bootstrap()).withName("honest")
                .withSigner(stack.signer()));
        stack.withWorker(worker);
        assertThat(client.submit(SPEC.getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(202);
        JsonNode served = TestKafka.awaitState(client, id, "completed", WAIT).body().get("result");

        assertThat(served.get("worker").asText()).isEqualTo("honest");
        JobResult direct = TestKafka.direct(SPEC);
        assertThat(served.get("rows")).isEqualTo(SpecJson.mapper().valueToTree(direct.rows()));
        assertThat(worker.completedJobs()).isEqualTo(1);
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> worker.forgedRecords() >= 2);
        assertThat(worker.forgedRecords()).isEqualTo(2);
        assertThat(scrape().value("transferlab_forged_records_total", "topic", Topics.RESULTS)).isEqualTo(2.0);
    }

    private static void awaitForged(String topic, double count) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        double seen = scrape().value("transferlab_forged_records_total", "topic", topic);
        while (seen < count && System.nanoTime() < deadline) {
            Thread.sleep(50);
            seen = scrape().value("transferlab_forged_records_total", "topic", topic);
        }
        assertThat(seen).as("forged records counted on %s", topic).isEqualTo(count);
    }

    private static PrometheusText scrape() throws Exception {
        return PrometheusText.parse(client.get("/metrics").body().asText());
    }
}
