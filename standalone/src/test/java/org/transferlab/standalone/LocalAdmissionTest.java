package org.transferlab.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
import picocli.CommandLine;

/**
 * {@code run} and {@code serve} admit jobs with limits fitted to their JVM, and a job that runs out of
 * heap anyway ends once, as OVER_LIMIT, instead of being retried.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LocalAdmissionTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** The typo of a paper-scale run: a thousand seeds of a 200000-wide network trained by gradient descent. */
    private static final String HUGE = TestKafka.quickSpec(601)
            .replace("\"network\":{\"activation\":\"linear\"}", "\"network\":{\"activation\":\"linear\",\"width\":200000}")
            .replace("\"methods\":[\"theory\"]", "\"methods\":[\"theory\",\"simulation\"],\"seeds\":1000");

    @Test
    void defaultsComeFromTheJvmAndMemoryStaysWithinHalfTheHeap() {
        long halfHeap = Runtime.getRuntime().maxMemory() / 2;
        CostLimits defaults = limits();
        assertThat(defaults.maxMemoryBytes()).isEqualTo(halfHeap);
        assertThat(defaults.maxFlops()).isEqualTo(LocalLimits.FLOPS_PER_CORE * Runtime.getRuntime().availableProcessors());
        assertThat(limits("--max-memory", "1000000g").maxMemoryBytes()).isEqualTo(halfHeap);
        assertThat(limits("--max-memory", "1m", "--max-flops", "5e9")).isEqualTo(new CostLimits(5e9, 1 << 20));
    }

    @Test
    void serveRefusesAPaperScaleTypoWith422AndTheEstimate() throws Exception {
        double estimate = new Engine().estimate(TestKafka.validated(HUGE)).flops();
        assertThat(estimate).isGreaterThan(limits().maxFlops());
        try (Stack stack = Stack.embedded(null, 0)) {
            stack.withLocalRoles(GatewayOptions.of(stack.bootstrap(), 0).withLimits(limits()), 1);
            GatewayClient.Reply refused = new GatewayClient(stack.gatewayUrl())
                    .submit(HUGE.getBytes(StandardCharsets.UTF_8));
            assertThat(refused.status()).isEqualTo(422);
            assertThat(refused.body().get("errors").get(0).get("message").asText())
                    .contains(String.format("estimated cost %.3g flops", estimate));
            // identical submissions at once share the first one's outcome: none is told "accepted"
            var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
            try {
                List<java.util.concurrent.Future<GatewayClient.Reply>> replies = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    replies.add(pool.submit(() -> new GatewayClient(stack.gatewayUrl())
                            .submit(HUGE.getBytes(StandardCharsets.UTF_8))));
                }
                for (var reply : replies) {
                    assertThat(reply.get().status()).isEqualTo(422);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(new GatewayClient(stack.gatewayUrl()).status(TestKafka.jobId(HUGE)).status()).isEqualTo(404);
        }
    }

    @Test
    void aJobThatRunsOutOfHeapEndsOnceAsOverLimitWithItsEstimate() throws Exception {
        String spec = TestKafka.quickSpec(602);
        String id = TestKafka.jobId(spec);
        CountingComputation computation = new CountingComputation((jobId, attempt, cancel) -> {
            throw new OutOfMemoryError("Java heap space");
        });
        try (Stack stack = Stack.embedded(null, 0)) {
            stack.withWorker(new WorkerVerticle(WorkerOptions.of(stack.bootstrap()).withName("small-heap"), computation));
            TestKafka.sendSpec(stack.bootstrap(), spec);
            JobEvent end = TestKafka.awaitEnd(stack.bootstrap(), id, WAIT);
            assertThat(end.type()).isEqualTo(EventType.FAILED);
            assertThat(end.code()).isEqualTo(FailureCode.OVER_LIMIT);
            long memory = new Engine().estimate(TestKafka.validated(spec)).memoryBytes();
            assertThat(end.message()).contains("ran out of memory", "peak memory " + memory + " bytes");
            var dead = TestKafka.awaitDeadLetter(stack.bootstrap(), id, WAIT);
            assertThat(TestKafka.header(dead, CloudEvents.HEADER_REASON)).isEqualTo("OVER_LIMIT");
            TestKafka.awaitDrained(stack.bootstrap(), WAIT);
            assertThat(computation.invocations(id)).isEqualTo(1);
        }
    }

    private static CostLimits limits(String... args) {
        LocalLimits limits = new LocalLimits();
        new CommandLine(limits).parseArgs(args);
        return limits.limits();
    }
}
