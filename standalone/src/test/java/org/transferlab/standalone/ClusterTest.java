package org.transferlab.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.transferlab.protocol.Topics;
import org.transferlab.protocol.event.EventType;
import org.transferlab.protocol.event.JobEvent;

/**
 * The deployment of several machines on loopback: a three-node Kafka cluster (replication factor 3,
 * min.insync.replicas 2) and three worker JVMs. A sweep with several seeds per point runs; mid-run one
 * broker and one computing worker are SIGKILLed. Every child is computed to exactly one result, and the
 * gateway shows it and the sweep completed.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ClusterTest {
    private static final Duration WAIT = Duration.ofSeconds(200);
    /** Six points of finite-width networks, three seeds each: seconds per child, so a kill lands mid-run. */
    private static final String SWEEP = """
            {"name":"cluster","network":{"activation":"linear","width":300},"inputDim":40,
             "source":{"samples":80,"steps":600},"target":{"samples":20,"task":{"alignment":0.7},"steps":600},
             "protocols":["scratch","finetune"],"methods":["simulation"],"seeds":3,"seed":811,
             "sweep":{"target.task.alignment":[0.0,0.2,0.4,0.6,0.8,0.9]}}
            """;

    @Test
    void aSweepSurvivesABrokerAndAWorkerKilledMidRunWithEveryChildOnce() throws Exception {
        try (KafkaCluster cluster = KafkaCluster.start(3);
             Stack stack = Stack.external(cluster.bootstrap()).withGateway(0);
             WorkerProcess a = WorkerProcess.start(cluster.bootstrap(), "host-a");
             WorkerProcess b = WorkerProcess.start(cluster.bootstrap(), "host-b");
             WorkerProcess c = WorkerProcess.start(cluster.bootstrap(), "host-c")) {
            GatewayClient client = new GatewayClient(stack.gatewayUrl());
            GatewayClient.Reply submitted = client.submit(SWEEP.getBytes(StandardCharsets.UTF_8));
            assertThat(submitted.status()).isEqualTo(202);
            String parentId = submitted.text("jobId");

            // mid-run: once a child runs, kill the worker computing it and one broker
            SweepTest.awaitTrue(() -> children(client, parentId).stream()
                    .anyMatch(ch -> "running".equals(ch.path("state").asText())), "no child ever ran");
            JsonNode running = children(client, parentId).stream()
                    .filter(ch -> "running".equals(ch.path("state").asText())).findFirst().orElseThrow();
            String victimName = client.status(running.path("jobId").asText()).text("worker");
            WorkerProcess victim = List.of(a, b, c).stream().filter(w -> w.name().equals(victimName)).findFirst()
                    .orElse(a);
            victim.kill();
            cluster.kill(1);

            GatewayClient.Reply done = TestKafka.awaitState(client, parentId, "completed", WAIT);
            List<String> childIds = new ArrayList<>();
            done.body().get("children").forEach(ch -> childIds.add(ch.path("jobId").asText()));
            assertThat(childIds).hasSize(6);

            Map<String, Integer> results = new HashMap<>();
            for (ConsumerRecord<String, byte[]> r : TestKafka.readUntil(cluster.bootstrap(), Topics.RESULTS,
                    Duration.ofSeconds(10), rs -> false)) {
                results.merge(r.key(), 1, Integer::sum);
            }
            // a job delivered again after its result was written (its worker's acknowledgement went to the
            // killed broker) ends with a second completed event that says it was not computed again
            Map<String, Integer> computed = new HashMap<>();
            for (ConsumerRecord<String, byte[]> r : TestKafka.readUntil(cluster.bootstrap(), Topics.EVENTS,
                    Duration.ofSeconds(10), rs -> false)) {
                JobEvent ev = org.transferlab.protocol.spec.SpecJson.read(r.value(), JobEvent.class);
                if (ev.type() == EventType.COMPLETED && ev.message() == null) {
                    computed.merge(ev.jobId(), 1, Integer::sum);
                }
            }
            for (String id : childIds) {
                assertThat(results.get(id)).as("results of child %s", id).isEqualTo(1);
                assertThat(computed.get(id)).as("completions by computing of child %s", id).isEqualTo(1);
                assertThat(client.status(id).text("state")).as("state of child %s", id).isEqualTo("completed");
            }
            assertThat(List.of(a, b, c).stream().filter(WorkerProcess::isAlive).count()).isEqualTo(2);
        }
    }

    private static List<JsonNode> children(GatewayClient client, String parentId) {
        try {
            JsonNode children = client.status(parentId).body().get("children");
            return children == null ? List.of() : StreamSupport.stream(children.spliterator(), false).toList();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
