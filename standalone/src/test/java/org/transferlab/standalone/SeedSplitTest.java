package org.transferlab.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.transferlab.protocol.JobId;
import org.transferlab.protocol.spec.SpecJson;
import org.transferlab.worker.WorkerOptions;
import org.transferlab.worker.WorkerVerticle;

/**
 * A many-seed job through the gateway as a parent and one child job per draw, computed by two workers
 * with the real engine: the combined rows equal the single-job computation, a re-submission with more
 * seeds computes the new draws only, and a job of one seed is an ordinary job (here: one of the draws).
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class SeedSplitTest {
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

    /** Finite-width networks heavy enough (by the cost model) for each draw to be a job of its own. */
    private static String spec(int seeds) {
        return """
                {"name":"seeds-it","network":{"activation":"linear","width":400},"inputDim":40,
                 "source":{"samples":80,"steps":1200},"target":{"samples":20,"task":{"alignment":0.7},"steps":1200},
                 "curvePoints":8,"seeds":%d,"seed":17}
                """.formatted(seeds);
    }

    @Test
    void seedsAreChildJobsCombinedIntoTheSingleJobRowsAndMoreSeedsComputeOnlyTheNewDraws() throws Exception {
        GatewayClient.Reply two = client.submit(spec(2).getBytes(StandardCharsets.UTF_8));
        assertThat(two.status()).isEqualTo(202);
        String parentId = two.text("jobId");
        assertThat(parentId).isEqualTo(JobId.of(TestKafka.validated(spec(2))));
        assertThat(follow(parentId)).last().matches(e -> e.event().equals("completed"));
        JsonNode status = client.status(parentId).body();
        assertThat(status.get("children")).hasSize(2);
        assertThat(status.get("children").findValuesAsText("draw")).containsExactly("0", "1");
        assertThat(status.get("result").get("rows"))
                .isEqualTo(SpecJson.mapper().valueToTree(TestKafka.direct(spec(2)).rows()));
        assertThat(status.get("result").get("rows").findValuesAsText("seeds")).contains("2"); // the seeded rows
        assertThat(computations()).isEqualTo(2);

        // three seeds: draws 0 and 1 are stored, only draw 2 is computed
        GatewayClient.Reply three = client.submit(spec(3).getBytes(StandardCharsets.UTF_8));
        assertThat(three.status()).isEqualTo(202);
        assertThat(follow(three.text("jobId"))).last().matches(e -> e.event().equals("completed"));
        assertThat(client.status(three.text("jobId")).body().get("result").get("rows"))
                .isEqualTo(SpecJson.mapper().valueToTree(TestKafka.direct(spec(3)).rows()));
        assertThat(computations()).isEqualTo(3);

        // one seed is not split: it is draw 0's own job, already stored
        GatewayClient.Reply one = client.submit(spec(1).getBytes(StandardCharsets.UTF_8));
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.text("jobId")).isEqualTo(status.get("children").get(0).get("jobId").asText());
        assertThat(client.status(one.text("jobId")).body().has("children")).isFalse();
        assertThat(computations()).isEqualTo(3);
    }

    private static int computations() {
        return first.completedJobs() + second.completedJobs();
    }

    private static List<GatewayClient.Sse> follow(String jobId) throws Exception {
        List<GatewayClient.Sse> seen = Collections.synchronizedList(new ArrayList<>());
        assertThat(client.events(jobId, seen::add)).isEqualTo(200);
        return seen;
    }
}
