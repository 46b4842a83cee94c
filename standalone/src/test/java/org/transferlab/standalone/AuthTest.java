package org.transferlab.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.transferlab.gateway.ApiTokens;
import org.transferlab.gateway.GatewayOptions;
import org.transferlab.gateway.GatewayVerticle;

/** Bearer tokens on a real gateway (real HTTP, real broker): scopes, 401 vs 403, the bridge receives only. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class AuthTest {
    private static Stack stack;
    private static String base;

    @BeforeAll
    static void start() {
        stack = Stack.embedded(null, 0);
        stack.withGateway(GatewayOptions.of(stack.bootstrap(), 0)
                .withTokens(ApiTokens.parse("writer-token:read,write; reader-token:read,list-all")));
        base = stack.gatewayUrl();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void scopesDecideWhoReadsAndWhoWrites() throws Exception {
        GatewayClient anonymous = new GatewayClient(base);
        GatewayClient reader = new GatewayClient(base, "reader-token");
        GatewayClient writer = new GatewayClient(base, "writer-token");
        byte[] spec = TestKafka.quickSpec(31).getBytes(StandardCharsets.UTF_8);

        GatewayClient.Reply none = anonymous.get("/api/jobs");
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.text("requiredScope")).isEqualTo("read");
        assertThat(new GatewayClient(base, "wrong").get("/api/jobs").status()).isEqualTo(401);
        assertThat(anonymous.submit(spec).status()).isEqualTo(401);

        GatewayClient.Reply denied = reader.submit(spec);
        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.text("requiredScope")).isEqualTo("write");
        assertThat(denied.body().get("errors").get(0).get("message").asText()).contains("'write'");

        GatewayClient.Reply accepted = writer.submit(spec);
        assertThat(accepted.status()).isEqualTo(202);
        String jobId = accepted.text("jobId");
        assertThat(reader.status(jobId).status()).isEqualTo(200);
        assertThat(reader.cancel(jobId).status()).isEqualTo(403);
        assertThat(writer.cancel(jobId).status()).isEqualTo(202);

        // EventSource cannot set headers: the token as a query parameter
        assertThat(get("/api/jobs/" + jobId + "/events").statusCode()).isEqualTo(401);
        HttpResponse<java.io.InputStream> sse = http().send(HttpRequest.newBuilder(URI.create(base + "/api/jobs/"
                + jobId + "/events?access_token=reader-token")).build(), HttpResponse.BodyHandlers.ofInputStream());
        sse.body().close();
        assertThat(sse.statusCode()).isEqualTo(200);

        // probes and scrapes carry no token
        assertThat(get("/health").statusCode()).isEqualTo(200);
        assertThat(get("/metrics").statusCode()).isEqualTo(200);
        assertThat(get("/eventbus/info").statusCode()).isEqualTo(401);
        assertThat(get("/eventbus/info?access_token=reader-token").statusCode()).isEqualTo(200);
    }

    @Test
    void theBridgeDeliversJobMessagesAndRefusesEverythingAClientSends() throws Exception {
        List<Object> serverSide = new CopyOnWriteArrayList<>();
        MessageConsumer<Object> spy = stack.vertx().eventBus().consumer(GatewayVerticle.ADDRESS_ALL,
                m -> serverSide.add(m.body()));
        BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
        WebSocket ws = http().newWebSocketBuilder().buildAsync(URI.create(base.replace("http:", "ws:")
                + "/eventbus/000/authtest/websocket?access_token=reader-token"), new WebSocket.Listener() {
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            // SockJS framing: "o" open, "h" heartbeat, "a[...]" messages, "c[...]" close
                            if (text.charAt(0) == 'a') {
                                new JsonArray(text.substring(1)).forEach(m -> frames.add(new JsonObject((String) m)));
                            }
                            text.setLength(0);
                        }
                        socket.request(1);
                        return null;
                    }

                }).get(20, TimeUnit.SECONDS);
        try {
            for (String type : List.of("send", "publish")) {
                send(ws, new JsonObject().put("type", type).put("address", GatewayVerticle.ADDRESS_ALL)
                        .put("body", new JsonObject().put("forged", true)));
                JsonObject reply = frames.poll(20, TimeUnit.SECONDS);
                assertThat(reply).as("reply to %s", type).isNotNull();
                assertThat(reply.getString("type")).isEqualTo("err");
                assertThat(reply.getString("body")).isEqualTo("access_denied");
            }
            send(ws, new JsonObject().put("type", "register").put("address", "other"));
            assertThat(frames.poll(20, TimeUnit.SECONDS).getString("body")).isEqualTo("access_denied");

            send(ws, new JsonObject().put("type", "register").put("address", GatewayVerticle.ADDRESS_ALL));
            JsonObject news = new JsonObject().put("kind", "event").put("jobId", "tl-test");
            JsonObject received = null;
            for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20); received == null
                    && System.nanoTime() < deadline; ) {
                // the registration is asynchronous: publish until the client has it
                stack.vertx().eventBus().publish(GatewayVerticle.ADDRESS_ALL, news);
                received = frames.poll(200, TimeUnit.MILLISECONDS);
            }
            assertThat(received).isNotNull();
            assertThat(received.getString("type")).isEqualTo("rec");
            assertThat(received.getJsonObject("body")).isEqualTo(news);
            assertThat(serverSide).isNotEmpty().allMatch(news::equals);
        } finally {
            ws.abort();
            spy.unregister();
        }
    }

    /** One bridge message in SockJS framing: a JSON array of JSON texts. */
    private static void send(WebSocket ws, JsonObject message) throws Exception {
        ws.sendText(new JsonArray().add(message.encode()).encode(), true).get(10, TimeUnit.SECONDS);
    }

    private static HttpClient http() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return http().send(HttpRequest.newBuilder(URI.create(base + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
