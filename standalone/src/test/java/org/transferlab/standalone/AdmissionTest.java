package org.transferlab.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.transferlab.engine.Engine;
import org.transferlab.gateway.GatewayOptions;
import org.transferlab.protocol.CloudEvents;
import org.transferlab.protocol.FailureCode;
import org.transferlab.protocol.event.CostLimits;
import org.transferlab.protocol.event.EventType;
import org.transferlab.protocol.event.JobEvent;
import org.transferlab.worker.WorkerOptions;
import org.transferlab.worker.WorkerVerticle;

/**
 * Cost limits: the gateway refuses a job estimated over its limit with 422; Kafka submissions bypass
 * the gateway, so the worker re-checks the estimate against its own limit.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AdmissionTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String SMALL = TestKafka.quickSpec(501);
    /** The same job with finite-width networks trained too: far more flops than theory alone. */
    private static final String LARGE = SMALL.replace("\"methods\":[\"theory\"]",
            "\"methods\":[\"theory\",\"simulation\"],\"seeds\":20");
    private static final CountingComputation COMPUTATION = new CountingComputation();
    private static Stack stack;
    private static double limit;

    @BeforeAll
    static void start() {
        Engine engine = new Engine();
        double small = engine.estimate(TestKafka.validated(SMALL)).flops();
        double large = engine.estimate(TestKafka.validated(LARGE)).flops();
        assertThat(large).isGreaterThan(10 * small);
        limit = Math.sqrt(small * large);
        stack = Stack.embedded(null, 0);
        stack.withGateway(GatewayOptions.of(stack.bootstrap(), 0).withMaxFlops(limit));
        stack.withWorker(new WorkerVerticle(WorkerOptions.of(stack.bootstrap()).withName("limited")
                .withMaxFlops(limit), COMPUTATION));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void gatewayRefusesAJobOverItsLimitWithBothNumbers() throws Exception {
        GatewayClient client = new GatewayClient(stack.gatewayUrl());
        GatewayClient.Reply refused = client.submit(LARGE.getBytes(StandardCharsets.UTF_8));
        assertThat(refused.status()).isEqualTo(422);
        double estimate = new Engine().estimate(TestKafka.validated(LARGE)).flops();
        assertThat(refused.body().get("errors").get(0).get("message").asText()).contains(
                String.format("estimated cost %.3g flops", estimate), String.format("gateway's limit of %.3g flops", limit));
        assertThat(client.status(TestKafka.jobId(LARGE)).status()).isEqualTo(404); // not even accepted
    }

    @Test
    void aGatewayWithAMemoryLimitRefusesAJobWhosePeakMemoryIsOverIt() throws Exception {
        Engine engine = new Engine();
        long small = engine.estimate(TestKafka.validated(SMALL)).memoryBytes();
        long large = engine.estimate(TestKafka.validated(LARGE)).memoryBytes();
        assertThat(large).isGreaterThan(2 * small);
        long memoryLimit = (small + large) / 2;
        try (Stack second = Stack.external(stack.bootstrap()).withGateway(GatewayOptions.of(stack.bootstrap(), 0)
                .withLimits(new CostLimits(0, memoryLimit)))) {
            GatewayClient client = new GatewayClient(second.gatewayUrl());
            GatewayClient.Reply refused = client.submit(LARGE.getBytes(StandardCharsets.UTF_8));
            assertThat(refused.status()).isEqualTo(422);
            assertThat(refused.body().get("errors").get(0).get("message").asText()).contains(
                    "estimated peak memory " + large + " bytes", "gateway's limit of " + memoryLimit + " bytes");
            String smallOther = TestKafka.quickSpec(502);
            assertThat(client.submit(smallOther.getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(202);
        }
    }

    @Test
    void workerRefusesARawKafkaJobOverItsLimitWithBothNumbersAndDeadLettersIt() throws Exception {
        String largeId = TestKafka.jobId(LARGE);
        String smallId = TestKafka.jobId(SMALL);
        TestKafka.sendSpec(stack.bootstrap(), LARGE);
        TestKafka.sendSpec(stack.bootstrap(), SMALL);

        JobEvent refused = TestKafka.awaitEnd(stack.bootstrap(), largeId, WAIT);
        assertThat(refused.type()).isEqualTo(EventType.FAILED);
        assertThat(refused.code()).isEqualTo(FailureCode.OVER_LIMIT);
        double estimate = new Engine().estimate(TestKafka.validated(LARGE)).flops();
        assertThat(refused.message()).contains(String.format("estimated cost %.3g flops", estimate),
                String.format("worker's limit of %.3g flops", limit));
        var dead = TestKafka.awaitDeadLetter(stack.bootstrap(), largeId, WAIT);
        assertThat(TestKafka.header(dead, CloudEvents.HEADER_REASON)).isEqualTo("OVER_LIMIT");
        assertThat(TestKafka.text(dead)).isEqualTo(LARGE);

        TestKafka.awaitCompleted(stack.bootstrap(), List.of(smallId), WAIT);
        assertThat(COMPUTATION.invocations(largeId)).isZero();
        assertThat(COMPUTATION.invocations(smallId)).isEqualTo(1);
    }
}
