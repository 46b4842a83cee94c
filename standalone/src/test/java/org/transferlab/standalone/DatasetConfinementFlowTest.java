package org.transferlab.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.transferlab.engine.data.DatasetFiles;
import org.transferlab.protocol.Topics;
import org.transferlab.protocol.spec.DatasetPath;
import org.transferlab.protocol.spec.SpecJson;

/**
 * Dataset paths that try to leave the data root, through the gateway (HTTP) and straight onto
 * {@code transfer.jobs}: every one is refused with a message that is one of two fixed sentences, the
 * gateway stays responsive while they arrive, and no answer on any channel (HTTP body, the events, the
 * DLQ's error header) carries bytes of a file outside the root or of a file's content.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DatasetConfinementFlowTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static HostileDataRoot data;
    private static Stack stack;

    @BeforeAll
    static void start() throws Exception {
        data = HostileDataRoot.plant();
        stack = Stack.embedded(null, 0).withGateway(0).withWorker(2);
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.close();
        }
        data.close();
    }

    @Test
    void everyHostilePathIsRefusedAt400WithAFixedMessage() throws Exception {
        GatewayClient client = new GatewayClient(stack.gatewayUrl());
        long seed = 1;
        for (String path : HostileDataRoot.all()) {
            GatewayClient.Reply r = client.submit(HostileDataRoot.bytes(path, seed++));
            assertThat(r.status()).as("%s: %s", path, r.body()).isEqualTo(400);
            JsonNode error = r.body().get("errors").get(0);
            assertThat(error.path("field").asText()).as(path).isEqualTo("source.task.path");
            assertThat(error.path("message").asText()).as(path)
                    .isIn(DatasetPath.RULE, DatasetFiles.UNUSABLE);
            assertThat(r.body().toString()).doesNotContain(HostileDataRoot.MARKER);
        }
        // a file inside the root is fine: the job runs
        GatewayClient.Reply ok = client.submit(HostileDataRoot.bytes("inside.csv", 100));
        assertThat(ok.status()).as(ok.body().toString()).isEqualTo(202);
        assertThat(TestKafka.awaitState(client, ok.text("jobId"), "completed", WAIT).text("state")).isEqualTo("completed");
    }

    @Test
    void healthAnswersWithin100MsWhile50HostileSubmissionsRun() throws Exception {
        // two clients, as two users: the prober's requests do not queue behind the burst's in one client
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpClient prober = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        List<String> paths = HostileDataRoot.FILE_SYSTEM;
        // warm-up: the first bursts load classes, open connections and get the request path compiled
        // (the first takes about a second, the third a fifth of that)
        for (int round = 0; round < 3; round++) {
            CompletableFuture.allOf(burst(http, paths, 1000 + 100 * round).toArray(CompletableFuture[]::new))
                    .get(60, TimeUnit.SECONDS);
        }
        for (int i = 0; i < 5; i++) {
            health(prober);
        }
        long burstStart = System.nanoTime();
        List<CompletableFuture<HttpResponse<String>>> hostile = burst(http, paths, 2000);
        List<Long> healthMs = new ArrayList<>();
        while (hostile.stream().anyMatch(f -> !f.isDone()) || healthMs.size() < 5) {
            healthMs.add(health(prober));
        }
        for (CompletableFuture<HttpResponse<String>> f : hostile) {
            HttpResponse<String> r = f.get(30, TimeUnit.SECONDS);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
            assertThat(r.body()).contains(DatasetFiles.UNUSABLE).doesNotContain(HostileDataRoot.MARKER);
        }
        System.out.println("health latencies (ms) during 50 hostile submissions: " + healthMs + "; burst done after "
                + (System.nanoTime() - burstStart) / 1_000_000 + " ms");
        assertThat(healthMs).allSatisfy(ms -> assertThat(ms).isLessThan(100));
    }

    /** One GET /health, asserted UP; returns its latency in milliseconds. */
    private static long health(HttpClient http) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<String> h = http.send(HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(h.statusCode()).isEqualTo(200);
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /** 50 submissions at once, cycling through the paths. */
    private static List<CompletableFuture<HttpResponse<String>>> burst(HttpClient http, List<String> paths, long seedBase) {
        List<CompletableFuture<HttpResponse<String>>> out = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            HttpRequest req = HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/api/jobs"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(HostileDataRoot.bytes(paths.get(i % paths.size()), seedBase + i)))
                    .build();
            out.add(http.sendAsync(req, HttpResponse.BodyHandlers.ofString()));
        }
        return out;
    }

    @Test
    void workersRefuseHostilePathsSentStraightToKafkaWithoutQuotingAnyFile() throws Exception {
        List<String> ids = new ArrayList<>();
        long seed = 5000;
        List<String> paths = new ArrayList<>(HostileDataRoot.all());
        paths.add("bad.csv"); // inside the root, its bad cell holds the marker: the error names line and column only
        for (String path : paths) {
            String spec = HostileDataRoot.spec(path, seed++);
            String id = org.transferlab.protocol.JobId.of(SpecJson.parseSpec(spec.getBytes(StandardCharsets.UTF_8)).withDefaults());
            ids.add(id);
            TestKafka.send(stack.bootstrap(), Topics.JOBS, id, spec);
        }
        List<ConsumerRecord<String, byte[]>> events = TestKafka.readUntil(stack.bootstrap(), Topics.EVENTS, WAIT,
                rs -> TestKafka.terminal(rs).keySet().containsAll(ids));
        var ends = TestKafka.terminal(events);
        for (int i = 0; i < ids.size(); i++) {
            var end = ends.get(ids.get(i));
            assertThat(end).as(paths.get(i)).isNotNull();
            assertThat(end.code()).as(paths.get(i)).hasToString("INVALID_SPEC");
            assertThat(end.message()).as(paths.get(i)).doesNotContain(HostileDataRoot.MARKER, data.folder().toString());
        }
        assertThat(ends.get(ids.get(ids.size() - 1)).message()).isEqualTo("bad.csv: line 2, column 2 is not a number at byte offset 6");
        List<ConsumerRecord<String, byte[]>> dlq = TestKafka.readUntil(stack.bootstrap(), Topics.DLQ, WAIT,
                rs -> rs.stream().map(ConsumerRecord::key).toList().containsAll(ids));
        for (ConsumerRecord<String, byte[]> r : dlq) {
            if (ids.contains(r.key())) {
                for (Header h : r.headers()) {
                    assertThat(new String(h.value(), StandardCharsets.UTF_8)).as(h.key()).doesNotContain(HostileDataRoot.MARKER);
                }
            }
        }
        for (ConsumerRecord<String, byte[]> r : events) {
            assertThat(new String(r.value(), StandardCharsets.UTF_8)).doesNotContain(HostileDataRoot.MARKER);
        }
    }
}
