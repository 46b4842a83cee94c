package org.transferlab.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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
import org.transferlab.protocol.JobId;
import org.transferlab.protocol.Topics;
import org.transferlab.protocol.spec.SpecJson;
import org.transferlab.worker.WorkerOptions;
import org.transferlab.worker.WorkerVerticle;

/**
 * A sweep through the gateway as a parent and one child job per point, computed by two workers of
 * one group with the real engine: aggregated progress, the union of the children's rows equal to the
 * single-job computation, and re-submissions that compute nothing already stored.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SweepTest {
    private static Stack stack;
    private static GatewayClient client;
    private static WorkerVerticle first;
    private static WorkerVerticle second;

    @BeforeAll
    static void start() throws Exception {
        stack = Stack.embedded(null, 0).withGateway(0);
        first = new WorkerVerticle(WorkerOptions.of(stack.bootstrap()).withName("worker-a"));
        second = new WorkerVerticle(WorkerOptions.of(stack.bootstrap()).withName("worker-b"));
        stack.withWorker(first).withWorker(second);
        client = new GatewayClient(stack.gatewayUrl());
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    /** 4 x 3 = 12 points, theory and kernel rows (the kernel draws each seed's data). */
    private static String sweepSpec(String samples) {
        return """
                {"name":"sweep-it","network":{"activation":"linear"},"inputDim":40,
                 "source":{"samples":80},"target":{"samples":20,"task":{"alignment":0.7}},
                 "protocols":["scratch","finetune"],"methods":["theory","kernel"],"seeds":2,"seed":3,
                 "sweep":{"target.samples":%s,"target.task.alignment":[0.0,0.5,0.9]}}
                """.formatted(samples);
    }

    @Test
    void aSweepIsComputedAsChildrenByBothWorkersAndResubmissionsComputeOnlyWhatIsMissing() throws Exception {
        String spec = sweepSpec("[10,20,30,40]");
        var validated = TestKafka.validated(spec);
        // twelve children in the share group's queue: whichever worker is idle takes the next one

        GatewayClient.Reply r = client.submit(spec.getBytes(StandardCharsets.UTF_8));
        assertThat(r.status()).isEqualTo(202);
        String parentId = r.text("jobId");
        assertThat(parentId).isEqualTo(JobId.of(validated));

        List<GatewayClient.Sse> seen = follow(parentId);
        assertThat(seen.get(seen.size() - 1).event()).isEqualTo("completed");
        List<String> phases = seen.stream().filter(e -> e.event().equals("progress"))
                .map(e -> e.json().get("phase").asText()).toList();
        assertThat(phases).isNotEmpty().allMatch(ph -> ph.matches("\\d+/12 child jobs done"));
        List<Double> fractions = seen.stream().filter(e -> e.event().equals("progress"))
                .map(e -> e.json().get("progress").asDouble()).toList();
        assertThat(fractions).isSorted();

        JsonNode status = client.status(parentId).body();
        assertThat(status.get("state").asText()).isEqualTo("completed");
        assertThat(status.get("children")).hasSize(12)
                .allMatch(c -> c.get("state").asText().equals("completed"));
        JsonNode expected = SpecJson.mapper().valueToTree(TestKafka.direct(spec).rows());
        assertThat(status.get("result").get("rows")).isEqualTo(expected);
        assertThat(status.get("result").get("notes").get(0).asText()).startsWith("12 child jobs combined");

        assertThat(first.completedJobs()).as("children computed by worker-a").isPositive();
        assertThat(second.completedJobs()).as("children computed by worker-b").isPositive();
        assertThat(computations()).isEqualTo(12);
        var stored = TestKafka.readUntil(stack.bootstrap(), Topics.RESULTS, Duration.ofSeconds(10),
                rs -> rs.stream().anyMatch(x -> parentId.equals(x.key())));
        assertThat(stored.stream().filter(x -> parentId.equals(x.key()))).hasSize(1);

        // the same sweep again: its stored result at once, nothing computed
        GatewayClient.Reply again = client.submit(spec.getBytes(StandardCharsets.UTF_8));
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().get("result").get("rows")).isEqualTo(expected);

        // a larger sweep sharing those 12 points computes the 3 new ones only
        String larger = sweepSpec("[10,20,30,40,50]");
        GatewayClient.Reply more = client.submit(larger.getBytes(StandardCharsets.UTF_8));
        assertThat(more.status()).isEqualTo(202);
        assertThat(follow(more.text("jobId"))).last().matches(e -> e.event().equals("completed"));
        assertThat(client.status(more.text("jobId")).body().get("result").get("rows"))
                .isEqualTo(SpecJson.mapper().valueToTree(TestKafka.direct(larger).rows()));
        assertThat(computations()).isEqualTo(15);
    }

    private static int computations() {
        return first.completedJobs() + second.completedJobs();
    }

    /** The job's SSE stream until the gateway ends it (after the job's last event). */
    static List<GatewayClient.Sse> follow(String jobId) throws Exception {
        List<GatewayClient.Sse> seen = Collections.synchronizedList(new ArrayList<>());
        assertThat(client.events(jobId, seen::add)).isEqualTo(200);
        return seen;
    }

    static void awaitTrue(java.util.function.BooleanSupplier condition, String message) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(message);
            }
            Thread.sleep(50);
        }
    }
}
