package org.transferlab.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.transferlab.messaging.TopicSetup;

/**
 * {@code GET /metrics} of a real gateway on a real broker: a job queued while no worker runs shows as
 * lag on its partition, and once a real worker has computed it the job, its duration, the engine's
 * flops/s and the JVM are all there in Prometheus text format.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MetricsTest {
    private static Stack stack;
    private static GatewayClient client;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() {
        stack = Stack.embedded(null, 0).withGateway(0); // the worker comes later: first the job must wait
        client = new GatewayClient(stack.gatewayUrl());
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aQueuedThenCompletedJobShowsInTheMetrics() throws Exception {
        // a small simulation, not theory alone: a warm JVM solves the quick theory specs within the
        // millisecond that results record times in, and a duration of 0 has no flops/s
        String spec = """
                {"name":"metrics","network":{"activation":"linear","width":64},"inputDim":20,
                 "source":{"samples":40,"steps":50},"target":{"samples":10,"steps":50},
                 "protocols":["scratch","finetune"],"methods":["theory","simulation"],"seeds":1}
                """;
        String jobId = TestKafka.jobId(spec);
        assertThat(client.submit(spec.getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(202);

        PrometheusText queued = scrape();
        int partition = TestKafka.partitionOf(jobId, TopicSetup.DEFAULT_JOB_PARTITIONS);
        for (int p = 0; p < TopicSetup.DEFAULT_JOB_PARTITIONS; p++) {
            assertThat(queued.value("transferlab_queue_lag", "topic", "transfer.jobs", "group", "transfer-worker-queue",
                    "partition", String.valueOf(p))).as("lag of partition %d", p).isEqualTo(p == partition ? 1 : 0);
        }
        assertThat(queued.value("transferlab_jobs", "state", "accepted")).isEqualTo(1);
        assertThat(queued.value("transferlab_jobs", "state", "completed")).isZero();
        assertThat(queued.value("transferlab_engine_flops_per_second")).isNaN();

        stack.withWorker(1);
        assertThat(client.events(jobId, e -> { })).isEqualTo(200); // returns once the job has ended
        assertThat(client.status(jobId).text("state")).isEqualTo("completed");

        PrometheusText done = scrape();
        assertThat(done.value("transferlab_jobs", "state", "completed")).isEqualTo(1);
        assertThat(done.value("transferlab_jobs", "state", "accepted")).isZero();
        assertThat(done.value("transferlab_jobs", "state", "running")).isZero();
        assertThat(done.value("transferlab_job_duration_seconds_count", "outcome", "completed")).isEqualTo(1);
        assertThat(done.value("transferlab_job_duration_seconds_bucket", "outcome", "completed", "le", "+Inf"))
                .isEqualTo(1);
        double seconds = done.value("transferlab_job_duration_seconds_sum", "outcome", "completed");
        assertThat(seconds).isPositive().isLessThan(120);
        assertThat(done.value("transferlab_engine_estimated_flops_total")).isPositive();
        assertThat(done.value("transferlab_engine_flops_per_second"))
                .isCloseTo(done.value("transferlab_engine_estimated_flops_total") / seconds,
                        org.assertj.core.data.Percentage.withPercentage(1));
        // the worker acknowledges the job just after its completed event: the lag drains to zero
        assertThat(awaitLagSum(0)).isZero();

        assertThat(done.all("jvm_memory_used_bytes", "area", "heap").stream()
                .mapToDouble(PrometheusText.Sample::value).sum()).isPositive();
        assertThat(done.value("jvm_threads_live_threads")).isPositive();
        assertThat(done.value("system_cpu_count")).isPositive();
        assertThat(done.value("jvm_classes_loaded_classes")).isPositive();
        assertThat(done.value("process_uptime_seconds")).isPositive();
        assertThat(done.has("jvm_gc_memory_allocated_bytes_total")).isTrue();
    }

    private static PrometheusText scrape() throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/metrics")).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(ct -> assertThat(ct)
                .startsWith("text/plain; version=0.0.4"));
        return PrometheusText.parse(r.body());
    }

    /** Scrapes until the summed lag is {@code expected} (or 30 s pass); returns the last sum seen. */
    private static double awaitLagSum(double expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        double sum;
        do {
            sum = scrape().all("transferlab_queue_lag").stream().mapToDouble(PrometheusText.Sample::value).sum();
            if (sum == expected) {
                break;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        return sum;
    }
}
