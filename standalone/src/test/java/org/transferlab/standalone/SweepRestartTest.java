package org.transferlab.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.transferlab.protocol.Topics;
import org.transferlab.protocol.spec.SpecJson;
import org.transferlab.protocol.spec.SweepGrid;

/**
 * A sweep whose children all finish while no gateway runs: the next gateway completes it from
 * {@code transfer.sweeps} and the stored children, publishing its result once; the one after that
 * replays the result and publishes nothing.
 */
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class SweepRestartTest {
    private static Stack stack;

    @BeforeAll
    static void start() {
        stack = Stack.embedded(null, 0);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aSweepWhoseChildrenFinishedWhileNoGatewayRanIsCompletedOnceByTheNext() throws Exception {
        String spec = TestKafka.quickSpec(41).replace("\"seed\":41",
                "\"seed\":41,\"sweep\":{\"target.samples\":[10,20,30]}");
        String gateway = deployGateway();
        GatewayClient.Reply r = new GatewayClient(stack.gatewayUrl()).submit(spec.getBytes(StandardCharsets.UTF_8));
        assertThat(r.status()).isEqualTo(202);
        String parentId = r.text("jobId");
        Stack.await(stack.vertx().undeploy(gateway));

        // no gateway: a worker computes the queued children
        Set<String> children = new HashSet<>();
        for (SweepGrid.Point p : SweepGrid.expand(TestKafka.validated(spec))) {
            children.add(TestKafka.jobId(SpecJson.writeString(p.spec())));
        }
        stack.withWorker(1);
        TestKafka.awaitCompleted(stack.bootstrap(), children, Duration.ofSeconds(60));

        String second = deployGateway();
        GatewayClient client = new GatewayClient(stack.gatewayUrl());
        SweepTest.awaitTrue(() -> "completed".equals(state(client, parentId)), "the sweep was not resumed");
        JsonNode status = client.status(parentId).body();
        assertThat(status.get("result").get("rows")).isEqualTo(SpecJson.mapper().valueToTree(TestKafka.direct(spec).rows()));
        assertThat(status.get("children")).hasSize(3).allMatch(c -> c.get("state").asText().equals("completed"));
        Stack.await(stack.vertx().undeploy(second));

        deployGateway();
        GatewayClient third = new GatewayClient(stack.gatewayUrl());
        assertThat(state(third, parentId)).isEqualTo("completed");
        var results = TestKafka.readUntil(stack.bootstrap(), Topics.RESULTS, Duration.ofSeconds(10),
                rs -> rs.stream().filter(x -> x.key().equals(parentId)).count() > 1);
        assertThat(results.stream().filter(x -> x.key().equals(parentId))).as("parent results").hasSize(1);
        var sweeps = TestKafka.readUntil(stack.bootstrap(), Topics.SWEEPS, Duration.ofSeconds(10),
                rs -> rs.stream().anyMatch(x -> x.key().equals(parentId) && x.value() == null));
        assertThat(sweeps.get(sweeps.size() - 1).value()).as("the sweep's registration is a tombstone").isNull();
    }

    /** Deploys a gateway on a free port and returns its deployment id. */
    private static String deployGateway() {
        Set<String> before = Set.copyOf(stack.vertx().deploymentIDs());
        stack.withGateway(0);
        List<String> added = stack.vertx().deploymentIDs().stream().filter(id -> !before.contains(id)).toList();
        assertThat(added).hasSize(1);
        return added.get(0);
    }

    private static String state(GatewayClient client, String jobId) {
        try {
            return client.status(jobId).text("state");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
