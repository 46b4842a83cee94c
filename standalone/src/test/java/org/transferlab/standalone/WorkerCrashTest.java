package org.transferlab.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.transferlab.gateway.GatewayVerticle;
import org.transferlab.protocol.Topics;
import org.transferlab.protocol.event.EventType;
import org.transferlab.protocol.event.JobEvent;

/**
 * Two workers in JVMs of their own; the one computing a job is killed with SIGKILL mid-job. The other
 * takes the job over once the killed one's acquisition lock runs out (it never acknowledged the job)
 * and clients see exactly one result.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WorkerCrashTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Finite-width networks: a few seconds of computing, long enough to be killed in the middle. */
    private static final String SLOW = """
            {"name":"crash","network":{"activation":"linear","width":400},"inputDim":40,
             "source":{"samples":80,"steps":1000},"target":{"samples":20,"task":{"alignment":0.7},"steps":1000},
             "protocols":["scratch","finetune"],"methods":["simulation"],"seeds":4,"seed":801}
            """;
    private static Stack stack;

    @BeforeAll
    static void start() {
        stack = Stack.embedded(null, 0).withGateway(0);
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void workerKilledMidJobLosesNothingAndClientsSeeOneResult() throws Exception {
        String id = TestKafka.jobId(SLOW);
        try (WorkerProcess a = WorkerProcess.start(stack.bootstrap(), "proc-a");
             WorkerProcess b = WorkerProcess.start(stack.bootstrap(), "proc-b")) {
            awaitGroupOf(2, a, b);
            List<JsonObject> announced = new CopyOnWriteArrayList<>();
            MessageConsumer<JsonObject> sub = stack.vertx().eventBus().consumer(GatewayVerticle.address(id),
                    m -> announced.add(m.body()));
            Stack.await(sub.completion());
            GatewayClient client = new GatewayClient(stack.gatewayUrl());
            assertThat(client.submit(SLOW.getBytes(StandardCharsets.UTF_8)).status()).isEqualTo(202);

            JobEvent started = TestKafka.eventsOf(TestKafka.readUntil(stack.bootstrap(), Topics.EVENTS, WAIT,
                    rs -> started(rs, id) != null), id).stream()
                    .filter(e -> e.type() == EventType.STARTED).findFirst()
                    .orElseThrow(() -> new AssertionError("job never started\n" + a.output() + b.output()));
            WorkerProcess victim = started.worker().equals(a.name()) ? a : b;
            WorkerProcess survivor = victim == a ? b : a;
            victim.kill();

            GatewayClient.Reply done = TestKafka.awaitState(client, id, "completed", WAIT);
            assertThat(done.body().get("result").get("worker").asText()).isEqualTo(survivor.name());
            List<JobEvent> events = TestKafka.eventsOf(TestKafka.readUntil(stack.bootstrap(), Topics.EVENTS,
                    Duration.ofSeconds(3), rs -> false), id);
            // killed before it could publish: started twice, completed once, by the survivor
            assertThat(events).filteredOn(e -> e.type() == EventType.STARTED).extracting(JobEvent::worker)
                    .containsExactly(victim.name(), survivor.name());
            assertThat(events).filteredOn(e -> e.type() == EventType.COMPLETED).extracting(JobEvent::worker)
                    .containsExactly(survivor.name());
            assertThat(TestKafka.readUntil(stack.bootstrap(), Topics.RESULTS, Duration.ofSeconds(3), rs -> false))
                    .filteredOn(r -> id.equals(r.key())).hasSize(1);
            assertThat(announced).filteredOn(m -> "result".equals(m.getString("kind"))).hasSize(1);
            assertThat(survivor.isAlive()).as("survivor alive\n%s", survivor.output()).isTrue();
            Stack.await(sub.unregister());
        }
    }

    private static JobEvent started(List<org.apache.kafka.clients.consumer.ConsumerRecord<String, byte[]>> rs,
                                    String id) {
        return TestKafka.eventsOf(rs, id).stream().filter(e -> e.type() == EventType.STARTED).findFirst()
                .orElse(null);
    }

    /** Waits until the workers' share group has {@code members} members, each given transfer.jobs. */
    private static void awaitGroupOf(int members, WorkerProcess... processes) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrap()))) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                try {
                    var group = admin.describeShareGroups(List.of(Topics.WORKER_SHARE_GROUP)).all().get()
                            .get(Topics.WORKER_SHARE_GROUP);
                    long owning = group.members().stream()
                            .filter(m -> !m.assignment().topicPartitions().isEmpty()).count();
                    if (owning == members) {
                        return;
                    }
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                        throw e;
                    } // no worker has joined yet
                }
                Thread.sleep(200);
            }
        }
        StringBuilder out = new StringBuilder();
        for (WorkerProcess p : processes) {
            out.append("\n--- ").append(p.name()).append('\n').append(p.output());
        }
        throw new AssertionError("the worker group did not reach " + members + " members" + out);
    }
}
