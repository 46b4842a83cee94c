package org.transferlab.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.transferlab.gateway.ApiTokens;
import org.transferlab.gateway.GatewayOptions;
import org.transferlab.gateway.GatewayVerticle;
import org.transferlab.protocol.CloudEvents;
import org.transferlab.protocol.Topics;

/**
 * Who may cancel and list which jobs, on a real gateway and broker. No worker runs, so submitted jobs
 * stay waiting and every cancel meets a job that has not ended; what reaches Kafka is read back.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class OwnershipTest {
    private static Stack stack;
    private static GatewayClient alice;
    private static GatewayClient bob;
    private static GatewayClient admin;
    private static GatewayClient auditor;

    @BeforeAll
    static void start() {
        stack = Stack.embedded(null, 0);
        stack.withGateway(GatewayOptions.of(stack.bootstrap(), 0).withTokens(ApiTokens.parse(
                "alice=tokA:read,write; bob=tokB:read,write; ops=tokO:admin; auditor=tokL:read,list-all")));
        alice = new GatewayClient(stack.gatewayUrl(), "tokA");
        bob = new GatewayClient(stack.gatewayUrl(), "tokB");
        admin = new GatewayClient(stack.gatewayUrl(), "tokO");
        auditor = new GatewayClient(stack.gatewayUrl(), "tokL");
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void onlySubmittersAndAdminsCancelAndListingsShowOwnJobs() throws Exception {
        String alices = submit(alice, 1501);
        String bobs = submit(bob, 1502);

        GatewayClient.Reply refused = bob.cancel(alices);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body().get("errors").get(0).get("message").asText()).contains("admin");
        assertThat(ids(bob)).contains(bobs).doesNotContain(alices);
        assertThat(ids(alice)).contains(alices).doesNotContain(bobs);
        assertThat(alice.get("/api/jobs").body().get("jobs").get(0).has("submittedBy")).isFalse();

        JsonNode all = auditor.get("/api/jobs").body().get("jobs");
        assertThat(ids(auditor)).contains(alices, bobs);
        for (JsonNode j : all) {
            String id = j.get("jobId").asText();
            if (id.equals(alices) || id.equals(bobs)) {
                assertThat(j.get("submittedBy").get(0).asText()).isEqualTo(id.equals(alices) ? "alice" : "bob");
            }
        }
        assertThat(auditor.cancel(alices).status()).as("list-all lets one see, not cancel").isEqualTo(403);

        assertThat(admin.cancel(alices).status()).isEqualTo(202);
        assertThat(alice.cancel(bobs).status()).isEqualTo(403);
        assertThat(bob.cancel(bobs).status()).isEqualTo(202);
        assertThat(cancelsOf(alices, 1)).isEqualTo(1);
        assertThat(cancelsOf(bobs, 1)).isEqualTo(1);
    }

    @Test
    void aSharedJobIsCancelledWhenEverySubmitterCancelledIt() throws Exception {
        String shared = submit(alice, 1503);
        assertThat(submit(bob, 1503)).isEqualTo(shared);

        GatewayClient.Reply withdrawn = alice.cancel(shared);
        assertThat(withdrawn.status()).isEqualTo(200);
        assertThat(withdrawn.body().get("withdrawn").asBoolean()).isTrue();
        assertThat(withdrawn.text("state")).isEqualTo("accepted");
        assertThat(alice.cancel(shared).status()).as("a second cancel changes nothing").isEqualTo(200);
        assertThat(cancelsOf(shared, 0)).as("nothing sent while bob still wants the job").isZero();

        assertThat(bob.cancel(shared).status()).isEqualTo(202);
        assertThat(cancelsOf(shared, 1)).isEqualTo(1);
    }

    @Test
    void theDashboardStreamCarriesOnlyTheCallersJobs() throws Exception {
        List<String> published = new CopyOnWriteArrayList<>();
        MessageConsumer<JsonObject> spy = stack.vertx().eventBus().consumer(GatewayVerticle.ADDRESS_ALL,
                m -> published.add(m.body().getString("jobId")));
        Stack.await(spy.completion());
        HttpResponse<Stream<String>> stream = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(stack.gatewayUrl() + "/api/events")).header("Authorization", "Bearer tokB").build(),
                HttpResponse.BodyHandlers.ofLines());
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try {
                stream.body().forEach(lines::add);
            } catch (java.io.UncheckedIOException closed) {
                // the test closed the stream
            }
        }, "bob-dashboard");
        reader.setDaemon(true);
        reader.start();
        try {
            String alices = submit(alice, 1504);
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> published.contains(alices));
            // the stream handles the gateway's messages in order: once bob's job is there, alice's went by
            String bobs = submit(bob, 1505);
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> lines.stream().anyMatch(l -> l.contains(bobs)));
            assertThat(lines).noneMatch(l -> l.contains(alices));
        } finally {
            stream.body().close();
            Stack.await(spy.unregister());
        }
    }

    static String submit(GatewayClient client, long seed) throws Exception {
        GatewayClient.Reply r = client.submit(TestKafka.quickSpec(seed).getBytes(StandardCharsets.UTF_8));
        assertThat(r.status()).isEqualTo(202);
        return r.text("jobId");
    }

    /** The ids of the jobs the client's listing shows. */
    static List<String> ids(GatewayClient client) throws Exception {
        List<String> ids = new ArrayList<>();
        client.get("/api/jobs").body().get("jobs").forEach(j -> ids.add(j.get("jobId").asText()));
        return ids;
    }

    /** Cancel commands on transfer.jobs for the job, reading until {@code expected} are there (or 3 s when 0). */
    private static long cancelsOf(String jobId, int expected) {
        List<ConsumerRecord<String, byte[]>> rs = TestKafka.readUntil(stack.bootstrap(), Topics.JOBS,
                Duration.ofSeconds(expected == 0 ? 3 : 30), read -> expected > 0 && count(read, jobId) >= expected);
        return count(rs, jobId);
    }

    private static long count(List<ConsumerRecord<String, byte[]>> rs, String jobId) {
        return rs.stream().filter(r -> jobId.equals(r.key()))
                .filter(r -> CloudEvents.TYPE_CANCEL.equals(TestKafka.header(r, CloudEvents.HEADER_TYPE))).count();
    }
}
