package org.transferlab.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.transferlab.protocol.event.EventType;
import org.transferlab.protocol.event.JobEvent;
import org.transferlab.worker.WorkerOptions;
import org.transferlab.worker.WorkerVerticle;

/** Cancelling a sweep's parent cancels its running and queued children; the parent ends {@code cancelled}. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SweepCancelTest {
    private static Stack stack;

    @BeforeAll
    static void start() {
        stack = Stack.embedded(null, 0).withGateway(0);
        for (String name : List.of("slow-a", "slow-b")) {
            stack.withWorker(new WorkerVerticle(WorkerOptions.of(stack.bootstrap()).withName(name),
                    CancelTest.UNTIL_CANCELLED));
        }
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void cancellingTheParentCancelsItsRunningChildrenWithinASecond() throws Exception {
        GatewayClient client = new GatewayClient(stack.gatewayUrl());
        String spec = TestKafka.quickSpec(21).replace("\"seed\":21",
                "\"seed\":21,\"sweep\":{\"target.samples\":[10,20,30,40,50,60]}");
        GatewayClient.Reply r = client.submit(spec.getBytes(StandardCharsets.UTF_8));
        assertThat(r.status()).isEqualTo(202);
        String parentId = r.text("jobId");
        List<GatewayClient.Sse> seen = Collections.synchronizedList(new ArrayList<>());
        Thread follower = new Thread(() -> {
            try {
                client.events(parentId, seen::add);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        follower.start();
        // aggregated progress reaches the parent's stream while both workers compute a child
        SweepTest.awaitTrue(() -> seen.stream().anyMatch(e -> e.event().equals("progress")), "no parent progress");
        SweepTest.awaitTrue(() -> children(client, parentId).stream()
                .filter(c -> c.get("state").asText().equals("running")).count() == 2, "two children never ran");
        List<String> running = children(client, parentId).stream()
                .filter(c -> c.get("state").asText().equals("running")).map(c -> c.get("jobId").asText()).toList();

        long cancelledAt = System.currentTimeMillis();
        assertThat(client.cancel(parentId).status()).isEqualTo(202);
        follower.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(seen.get(seen.size() - 1).event()).isEqualTo("cancelled");
        SweepTest.awaitTrue(() -> children(client, parentId).stream()
                .allMatch(c -> c.get("state").asText().equals("cancelled")), "children not all cancelled");

        // the workers' own cancelled events say when each running child stopped
        Map<String, JobEvent> ends = TestKafka.terminal(TestKafka.readUntil(stack.bootstrap(),
                org.transferlab.protocol.Topics.EVENTS, Duration.ofSeconds(20),
                rs -> TestKafka.terminal(rs).keySet().containsAll(running)));
        for (String child : running) {
            assertThat(ends.get(child).type()).isEqualTo(EventType.CANCELLED);
            assertThat(ends.get(child).time() - cancelledAt).as("ms until %s stopped", child).isLessThanOrEqualTo(1000);
        }
        assertThat(client.status(parentId).text("state")).isEqualTo("cancelled");
        assertThat(client.cancel(parentId).status()).isEqualTo(409);
    }

    private static List<JsonNode> children(GatewayClient client, String parentId) {
        try {
            JsonNode children = client.status(parentId).body().get("children");
            return StreamSupport.stream(children.spliterator(), false).toList();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
