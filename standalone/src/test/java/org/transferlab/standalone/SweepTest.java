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
 * Sweeps and many-seed jobs through the gateway as a parent and child jobs (one per point, or per draw
 * when a draw is worth a job), computed by two workers of one group with the real engine: aggregated
 * progress, the children's rows combined equal to the single-job computation, and re-submissions
 * that compute nothing already stored.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
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
        int before = computations();
        int beforeA = first.completedJobs();
        int beforeB = second.completedJobs();
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

        assertThat(first.completedJobs() - beforeA).as("children computed by worker-a").isPositive();
        assertThat(second.completedJobs() - beforeB).as("children computed by worker-b").isPositive();
        assertThat(computations() - before).isEqualTo(12);
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
        assertThat(computations() - before).isEqualTo(15);
    }

    /** Finite-width networks heavy enough (by the cost model) for each draw to be a job of its own. */
    private static String seedsSpec(int seeds) {
        return """
                {"name":"seeds-it","network":{"activation":"linear","width":400},"inputDim":40,
                 "source":{"samples":80,"steps":1200},"target":{"samples":20,"task":{"alignment":0.7},"steps":1200},
                 "curvePoints":8,"seeds":%d,"seed":17}
                """.formatted(seeds);
    }

    @Test
    void seedsAreChildJobsCombinedIntoTheSingleJobRowsAndMoreSeedsComputeOnlyTheNewDraws() throws Exception {
        int before = computations();
        GatewayClient.Reply two = client.submit(seedsSpec(2).getBytes(StandardCharsets.UTF_8));
        assertThat(two.status()).isEqualTo(202);
        String parentId = two.text("jobId");
        assertThat(parentId).isEqualTo(JobId.of(TestKafka.validated(seedsSpec(2))));
        assertThat(follow(parentId)).last().matches(e -> e.event().equals("completed"));
        JsonNode status = client.status(parentId).body();
        assertThat(status.get("children")).hasSize(2);
        assertThat(status.get("children").findValuesAsText("draw")).containsExactly("0", "1");
        assertThat(status.get("result").get("rows"))
                .isEqualTo(SpecJson.mapper().valueToTree(TestKafka.direct(seedsSpec(2)).rows()));
        assertThat(status.get("result").get("rows").findValuesAsText("seeds")).contains("2"); // the seeded rows
        assertThat(computations() - before).isEqualTo(2);

        // three seeds: draws 0 and 1 are stored, only draw 2 is computed
        GatewayClient.Reply three = client.submit(seedsSpec(3).getBytes(StandardCharsets.UTF_8));
        assertThat(three.status()).isEqualTo(202);
        assertThat(follow(three.text("jobId"))).last().matches(e -> e.event().equals("completed"));
        assertThat(client.status(three.text("jobId")).body().get("result").get("rows"))
                .isEqualTo(SpecJson.mapper().valueToTree(TestKafka.direct(seedsSpec(3)).rows()));
        assertThat(computations() - before).isEqualTo(3);

        // one seed is not split: it is draw 0's own job, already stored
        GatewayClient.Reply one = client.submit(seedsSpec(1).getBytes(StandardCharsets.UTF_8));
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.text("jobId")).isEqualTo(status.get("children").get(0).get("jobId").asText());
        assertThat(client.status(one.text("jobId")).body().has("children")).isFalse();
        assertThat(computations() - before).isEqualTo(3);
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
