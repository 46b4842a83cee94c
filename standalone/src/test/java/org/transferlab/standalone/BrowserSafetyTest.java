package org.transferlab.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.transferlab.gateway.ApiTokens;
import org.transferlab.gateway.GatewayOptions;
import org.transferlab.gateway.GatewayVerticle;

/**
 * What a page on another site can do with a visitor's browser, tried on a real gateway over real HTTP:
 * no "simple" cross-site POST, no write or bridge connection from a foreign Origin, no token in a
 * write's URL; and the SockJS XHR transport and HEAD work.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class BrowserSafetyTest {
    private static final String FRIEND = "https://lab.example.org";
    private static final String FOREIGN = "https://evil.example.net";
    private static Stack stack;
    private static String base;
    private static String own;

    @BeforeAll
    static void start() {
        stack = Stack.embedded(null, 0);
        stack.withGateway(GatewayOptions.of(stack.bootstrap(), 0)
                .withTokens(ApiTokens.parse("alice=tokA:read,write; reader=tokR:read"))
                .withAllowedOrigins(List.of(FRIEND + "/"), "test"));
        base = stack.gatewayUrl();
        own = base; // http://127.0.0.1:<port>: the origin of the gateway's own pages
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void writesNeedJsonAndAnAllowedOrigin() throws Exception {
        String spec = TestKafka.quickSpec(1402);
        assertThat(post("/api/jobs", "text/plain", null, spec).statusCode()).isEqualTo(415);
        assertThat(post("/api/jobs", "text/plain;charset=UTF-8", own, spec).statusCode()).isEqualTo(415);
        assertThat(post("/api/jobs", "application/x-www-form-urlencoded", null, spec).statusCode()).isEqualTo(415);
        HttpResponse<String> foreign = post("/api/jobs", "application/json", FOREIGN, spec);
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(foreign.body()).contains("\"field\":\"Origin\"").doesNotContain("evil");
        assertThat(post("/api/jobs", "text/plain", FOREIGN, spec).statusCode()).isEqualTo(403);
        assertThat(post("/api/jobs", "application/json", "null", spec).statusCode()).isEqualTo(403);
        assertThat(send(request("/api/jobs/tl-000000000000000000000000", FOREIGN).DELETE()).statusCode())
                .isEqualTo(403);

        assertThat(post("/api/jobs", "application/json; charset=utf-8", own, spec).statusCode()).isEqualTo(202);
        assertThat(post("/api/jobs", "application/json", FRIEND, spec).statusCode()).isEqualTo(202);
        assertThat(post("/api/jobs", "application/json", null, spec).statusCode()).as("curl, the CLI").isEqualTo(202);
        // reading stays open to any origin that holds a token: a page cannot read the answer without CORS
        assertThat(send(request("/api/jobs", FOREIGN).GET()).statusCode()).isEqualTo(200);
    }

    @Test
    void aTokenInTheUrlIsForReadingOnly() throws Exception {
        HttpResponse<String> write = send(HttpRequest.newBuilder(URI.create(base + "/api/jobs?access_token=tokA"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(TestKafka.quickSpec(1403))));
        assertThat(write.statusCode()).isEqualTo(401);
        assertThat(write.body()).contains("reading only").doesNotContain("tokA");
        assertThat(send(HttpRequest.newBuilder(URI.create(base + "/api/jobs?access_token=tokA")).GET()).statusCode())
                .isEqualTo(200);
        assertThat(send(HttpRequest.newBuilder(URI.create(base + "/api/jobs/tl-000000000000000000000000"
                + "?access_token=tokA")).DELETE()).statusCode()).isEqualTo(401);
    }

    @Test
    void headAnswersWhereGetDoes() throws Exception {
        String id = TestKafka.jobId(TestKafka.quickSpec(1404));
        assertThat(post("/api/jobs", "application/json", null, TestKafka.quickSpec(1404)).statusCode()).isEqualTo(202);
        for (String path : List.of("/api/jobs", "/api/jobs/" + id, "/health", "/metrics", "/", "/api/presets",
                "/eventbus/info?access_token=tokA")) {
            HttpResponse<String> get = send(request(path, null).GET());
            HttpResponse<String> head = send(request(path, null).method("HEAD", HttpRequest.BodyPublishers.noBody()));
            assertThat(head.statusCode()).as("HEAD %s", path).isEqualTo(200).isEqualTo(get.statusCode());
            assertThat(head.body()).as("HEAD %s", path).isEmpty();
            if (path.startsWith("/api")) { // (the dashboard's static files name their type on GET only)
                assertThat(head.headers().firstValue("Content-Type")).as("HEAD %s", path)
                        .isEqualTo(get.headers().firstValue("Content-Type"));
            }
        }
        // an event stream (the job waits: no worker runs) answers HEAD at once instead of staying open
        for (String path : List.of("/api/jobs/" + id + "/events", "/api/events")) {
            HttpResponse<String> head = send(request(path, null).method("HEAD", HttpRequest.BodyPublishers.noBody()));
            assertThat(head.statusCode()).as("HEAD %s", path).isEqualTo(200);
            assertThat(head.headers().firstValue("Content-Type")).as("HEAD %s", path)
                    .hasValue("text/event-stream; charset=utf-8");
        }
    }

    @Test
    void theBridgeRefusesForeignPagesAndItsXhrTransportDelivers() throws Exception {
        String ws = base.replace("http:", "ws:") + "/eventbus/000/foreign/websocket?access_token=tokR";
        assertThatThrownBy(() -> HttpClient.newHttpClient().newWebSocketBuilder().header("Origin", FOREIGN)
                .buildAsync(URI.create(ws), new WebSocket.Listener() { }).get(20, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(WebSocketHandshakeException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode()).isEqualTo(403));
        assertThat(send(request("/eventbus/info?access_token=tokR", FOREIGN).GET()).statusCode()).isEqualTo(403);
        assertThat(send(request("/eventbus/000/foreign/xhr?access_token=tokR", FOREIGN)
                .POST(HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(403);

        // SockJS's XHR polling transport, as its browser client speaks it: open, send, poll
        String session = "/eventbus/000/xhrtest";
        assertThat(xhr(session + "/xhr", null).body()).isEqualTo("o\n");
        String address = GatewayVerticle.address("tl-xhr-test");
        HttpResponse<String> sent = xhr(session + "/xhr_send", frame(new JsonObject().put("type", "register")
                .put("address", address)));
        assertThat(sent.statusCode()).isEqualTo(204);
        JsonObject news = new JsonObject().put("kind", "event").put("jobId", "tl-xhr-test");
        // the registration is asynchronous, and a poll is held open until a message comes: publish meanwhile
        long publisher = stack.vertx().setPeriodic(100, t -> stack.vertx().eventBus().publish(address, news));
        JsonObject received;
        try {
            String polled = xhr(session + "/xhr", null).body();
            assertThat(polled).startsWith("a");
            received = new JsonObject(new JsonArray(polled.substring(1).strip()).getString(0));
        } finally {
            stack.vertx().cancelTimer(publisher);
        }
        assertThat(received).isNotNull();
        assertThat(received.getString("type")).isEqualTo("rec");
        assertThat(received.getJsonObject("body")).isEqualTo(news);

        // every job's changes at once only for tokens that may list everyone's jobs
        xhr(session + "/xhr_send", frame(new JsonObject().put("type", "register").put("address",
                GatewayVerticle.ADDRESS_ALL)));
        JsonObject reply = null;
        for (int i = 0; i < 10 && reply == null; i++) { // messages published before are still queued ahead
            String polled = xhr(session + "/xhr", null).body();
            assertThat(polled).startsWith("a");
            for (Object m : new JsonArray(polled.substring(1).strip())) {
                JsonObject msg = new JsonObject((String) m);
                if (!"rec".equals(msg.getString("type"))) {
                    reply = msg;
                }
            }
        }
        assertThat(reply).isNotNull();
        assertThat(reply.getString("type")).isEqualTo("err");
        assertThat(reply.getString("body")).isEqualTo("rejected");
    }

    /** One SockJS XHR request of the reader's session, from the gateway's own page. */
    private static HttpResponse<String> xhr(String path, String body) throws Exception {
        return send(request(path + "?access_token=tokR", own).header("Content-Type", "text/plain;charset=UTF-8")
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)));
    }

    /** A bridge message in SockJS framing: a JSON array of JSON texts. */
    private static String frame(JsonObject message) {
        return new JsonArray().add(message.encode()).encode();
    }

    private static HttpResponse<String> post(String path, String contentType, String origin, String body)
            throws Exception {
        return send(request(path, origin).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static HttpRequest.Builder request(String path, String origin) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
        if (!path.contains("access_token")) {
            b.header("Authorization", "Bearer tokA");
        }
        return origin == null ? b : b.header("Origin", origin);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(request.build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
