package org.transferlab.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.transferlab.engine.run.EngineException;
import org.transferlab.protocol.FailureCode;
import org.transferlab.worker.WorkerOptions;
import org.transferlab.worker.WorkerVerticle;

/**
 * Every job's latest state lives in Kafka: a gateway started afterwards (a restart, or a second one)
 * serves queued, running, failed and cancelled jobs as the first one saw them, not 404.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class JobStateRestartTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void queuedRunningFailedAndCancelledJobsAreServedByAGatewayStartedLater() throws Exception {
        String failing = TestKafka.quickSpec(651);
        String cancelled = TestKafka.quickSpec(652);
        String running = TestKafka.quickSpec(653);
        String queued = TestKafka.quickSpec(654);
        Set<String> waitForCancel = ConcurrentHashMap.newKeySet();
        waitForCancel.add(TestKafka.jobId(cancelled));
        CountDownLatch release = new CountDownLatch(1);
        CountingComputation computation = new CountingComputation((jobId, attempt, cancel) -> {
            if (jobId.equals(TestKafka.jobId(failing))) {
                throw new EngineException(FailureCode.NON_CONVERGED, "test: residual 1e-2");
            }
            if (waitForCancel.contains(jobId) || jobId.equals(TestKafka.jobId(running))) {
                while (!release.await(50, TimeUnit.MILLISECONDS)) {
                    cancel.throwIfCancelled();
                }
            }
        });
        try (Stack stack = Stack.embedded(null, 0).withGateway(0)) {
            stack.withWorker(new WorkerVerticle(WorkerOptions.of(stack.bootstrap()).withName("only"), computation));
            GatewayClient first = new GatewayClient(stack.gatewayUrl());
            String failedId = submit(first, failing);
            TestKafka.awaitState(first, failedId, "failed", WAIT);
            String cancelledId = submit(first, cancelled);
            TestKafka.awaitState(first, cancelledId, "running", WAIT);
            first.cancel(cancelledId);
            TestKafka.awaitState(first, cancelledId, "cancelled", WAIT);
            String runningId = submit(first, running);
            TestKafka.awaitState(first, runningId, "running", WAIT);
            String queuedId = submit(first, queued); // the only worker is busy: it waits

            try (Stack later = Stack.external(stack.bootstrap()).withGateway(0)) {
                GatewayClient second = new GatewayClient(later.gatewayUrl());
                GatewayClient.Reply f = TestKafka.awaitState(second, failedId, "failed", WAIT);
                assertThat(f.body().get("error").get("code").asText()).isEqualTo("NON_CONVERGED");
                TestKafka.awaitState(second, cancelledId, "cancelled", WAIT);
                GatewayClient.Reply r = TestKafka.awaitState(second, runningId, "running", WAIT);
                assertThat(r.text("worker")).isEqualTo("only");
                assertThat(second.status(queuedId).text("state")).isEqualTo("accepted");

                release.countDown();
                TestKafka.awaitState(second, runningId, "completed", WAIT);
                TestKafka.awaitState(second, queuedId, "completed", WAIT);
            }
        }
    }

    private static String submit(GatewayClient client, String spec) throws Exception {
        GatewayClient.Reply r = client.submit(spec.getBytes(StandardCharsets.UTF_8));
        assertThat(r.status()).isEqualTo(202);
        return r.text("jobId");
    }
}
