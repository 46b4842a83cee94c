package org.transferlab.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.transferlab.protocol.Topics;
import org.transferlab.protocol.spec.SpecJson;
import org.transferlab.protocol.spec.SweepGrid;
import org.transferlab.worker.WorkerOptions;
import org.transferlab.worker.WorkerVerticle;

/**
 * The broker stops in the middle of a sweep (some points computed, one computing, the rest queued)
 * and comes back on the same address and log directory, as a restarted real broker does. No job is
 * lost: every child is computed, the parent completes with every point's rows, every child's result is
 * on {@code transfer.results} (a result whose send was retried across the restart may be there twice:
 * clients see one, see "Guarantees") and the parent's exactly once.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class SweepBrokerRestartTest {
    /** Twelve points of small GD simulations, a few hundred ms each, so the restart falls mid-sweep. */
    private static final String SWEEP = """
            {"name":"restart-sweep","network":{"activation":"linear","width":200},"inputDim":40,"testSamples":150,
             "source":{"samples":80,"steps":300},"target":{"samples":40,"steps":300},"methods":["simulation"],
             "protocols":["scratch","finetune"],"seeds":2,"seed":11,
             "sweep":{"target.task.alignment":[0.0,0.2,0.4,0.6,0.8,0.9],"target.samples":[20,40]}}
            """;

    @Test
    void aBrokerRestartInTheMiddleOfASweepLosesNoJob() throws Exception {
        Path dir = Files.createTempDirectory("transferlab-restart-");
        int port = EmbeddedKafka.freePort(); // the same address after the restart, as a real broker keeps it
        EmbeddedKafka[] kafka = {EmbeddedKafka.start(dir, false, port)};
        WorkerVerticle worker = new WorkerVerticle(WorkerOptions.of(kafka[0].bootstrap()).withName("restart-worker"));
        try (Stack stack = Stack.external(kafka[0].bootstrap()).withGateway(0).withWorker(worker)) {
            GatewayClient client = new GatewayClient(stack.gatewayUrl());
            GatewayClient.Reply submitted = client.submit(SWEEP.getBytes(StandardCharsets.UTF_8));
            assertThat(submitted.status()).isEqualTo(202);
            String parentId = submitted.text("jobId");
            List<SweepGrid.Point> points = SweepGrid.expand(TestKafka.validated(SWEEP));
            assertThat(points).hasSize(12);

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (worker.completedJobs() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            int doneBefore = worker.completedJobs();
            assertThat(doneBefore).as("points computed before the broker stops").isBetween(2, points.size() - 2);
            kafka[0].close();
            Thread.sleep(2_000); // the clients notice, the worker's job in flight cannot publish meanwhile
            kafka[0] = EmbeddedKafka.start(dir, false, port);

            JsonNode status = TestKafka.awaitState(client, parentId, "completed", Duration.ofSeconds(180)).body();
            assertThat(status.get("children")).hasSize(points.size())
                    .allMatch(c -> c.get("state").asText().equals("completed"));
            JsonNode rows = status.get("result").get("rows");
            assertThat(rows).hasSize(points.size() * 2); // scratch and finetune per point
            for (SweepGrid.Point p : points) {
                assertThat(rows).as("rows of point %s", p.values()).anyMatch(r ->
                        p.values().entrySet().stream().allMatch(e ->
                                r.get("point").get(e.getKey()).asDouble() == ((Number) e.getValue()).doubleValue()));
            }

            List<ConsumerRecord<String, byte[]>> results = TestKafka.readUntil(kafka[0].bootstrap(), Topics.RESULTS,
                    Duration.ofSeconds(20), rs -> rs.stream().anyMatch(r -> parentId.equals(r.key())));
            for (SweepGrid.Point p : points) {
                String childId = TestKafka.jobId(SpecJson.writeString(p.spec()));
                assertThat(results.stream().filter(r -> childId.equals(r.key()))).as("results of %s", childId)
                        .isNotEmpty();
            }
            assertThat(results.stream().filter(r -> parentId.equals(r.key()))).hasSize(1);
        } finally {
            kafka[0].close();
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
