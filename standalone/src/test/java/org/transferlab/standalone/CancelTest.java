package org.transferlab.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.transferlab.protocol.CloudEvents;
import org.transferlab.protocol.Topics;
import org.transferlab.worker.JobComputation;
import org.transferlab.worker.WorkerOptions;
import org.transferlab.worker.WorkerVerticle;

/**
 * Cancellation and progress of a long job. The only test with an engine double: a computation that
 * reports progress and runs until it is cancelled, because the timing must be controlled.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CancelTest {
    private static Stack stack;

    /** Runs until cancelled, reporting slowly growing progress, as a long engine job would. */
    static final JobComputation UNTIL_CANCELLED = (jobId, spec, progress, cancel) -> {
        double f = 0;
        while (true) {
            cancel.throwIfCancelled();
            progress.report("endless test phase", f = Math.min(0.9, f + 0.01));
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    };

    @BeforeAll
    static void start() {
        stack = Stack.embedded(null, 0).withGateway(0);
        stack.withWorker(new WorkerVerticle(WorkerOptions.of(stack.bootstrap()).withName("slow"), UNTIL_CANCELLED));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void runningJobReportsProgressAndStopsWhenCancelled() throws Exception {
        GatewayClient client = new GatewayClient(stack.gatewayUrl());
        String spec = TestKafka.quickSpec(9);
        GatewayClient.Reply r = client.submit(spec.getBytes(StandardCharsets.UTF_8));
        assertThat(r.status()).isEqualTo(202);
        String jobId = r.text("jobId");

        // a second submission while it runs: same id, no second job
        GatewayClient.Reply dup = client.submit(spec.getBytes(StandardCharsets.UTF_8));
        assertThat(dup.status()).isEqualTo(202);
        assertThat(dup.text("jobId")).isEqualTo(jobId);

        List<GatewayClient.Sse> seen = Collections.synchronizedList(new ArrayList<>());
        Thread follower = new Thread(() -> {
            try {
                client.events(jobId, seen::add);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        follower.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (seen.stream().filter(e -> e.event().equals("progress")).count() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(seen).filteredOn(e -> e.event().equals("progress")).hasSizeGreaterThanOrEqualTo(3);
        var progress = seen.stream().filter(e -> e.event().equals("progress")).toList();
        assertThat(progress.get(progress.size() - 1).json().get("phase").asText()).isEqualTo("endless test phase");
        assertThat(progress.get(progress.size() - 1).json().has("etaMs")).isTrue();

        long cancelledAt = System.currentTimeMillis();
        assertThat(client.cancel(jobId).status()).isEqualTo(202);
        follower.join(TimeUnit.SECONDS.toMillis(20));
        assertThat(follower.isAlive()).isFalse();
        assertThat(seen.get(seen.size() - 1).event()).isEqualTo("cancelled");
        // the promised bound (docs/operations.md, "Guarantees"): the worker's cancelled event within 1 s of the DELETE
        assertThat(seen.get(seen.size() - 1).json().get("time").asLong() - cancelledAt).isLessThan(1000);
        assertThat(client.status(jobId).text("state")).isEqualTo("cancelled");
        GatewayClient.Reply again = client.cancel(jobId);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.text("jobId")).isEqualTo(jobId);
        assertThat(again.text("state")).isEqualTo("cancelled");
        assertThat(again.body().get("errors").get(0).get("field").asText()).isEqualTo("id");
        assertThat(again.body().get("errors").get(0).get("message").asText()).isEqualTo("job already cancelled");

        // /metrics counts it, with its running time (from its started event) under outcome "cancelled"
        PrometheusText metrics = PrometheusText.parse(client.get("/metrics").body().asText());
        assertThat(metrics.value("transferlab_jobs", "state", "cancelled")).isEqualTo(1);
        assertThat(metrics.value("transferlab_job_duration_seconds_count", "outcome", "cancelled")).isEqualTo(1);
        assertThat(metrics.value("transferlab_job_duration_seconds_sum", "outcome", "cancelled")).isPositive();

        // the throttle: progress events at most every 250 ms (allowing for delivery jitter)
        long first = progress.get(0).json().get("time").asLong();
        long last = progress.get(progress.size() - 1).json().get("time").asLong();
        assertThat(last - first).isGreaterThanOrEqualTo((progress.size() - 1) * 200L);

        var dlq = TestKafka.readUntil(stack.bootstrap(), Topics.DLQ, Duration.ofSeconds(20),
                rs -> rs.stream().anyMatch(x -> jobId.equals(x.key())));
        assertThat(dlq).anyMatch(x -> jobId.equals(x.key())
                && "CANCELLED".equals(TestKafka.header(x, CloudEvents.HEADER_REASON)));

        // and the worker is free: the next job starts on it
        String next = TestKafka.quickSpec(10);
        assertThat(client.submit(next.getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(202);
        TestKafka.awaitState(client, TestKafka.jobId(next), "running", Duration.ofSeconds(20));
    }
}
