package org.transferlab.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.transferlab.protocol.spec.SpecJson;

/** A blocking client of the gateway's HTTP API, as the CLI (and any script) uses it. */
public final class GatewayClient {
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    /** Bearer token sent with every request, or null when the gateway needs none. */
    private final String token;

    public GatewayClient(String baseUrl) {
        this(baseUrl, null);
    }

    public GatewayClient(String baseUrl, String token) {
        this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.token = token == null || token.isBlank() ? null : token.strip();
    }

    /** Status code and parsed JSON body. */
    public record Reply(int status, JsonNode body) {
        public String text(String field) {
            JsonNode n = body == null ? null : body.get(field);
            return n == null || n.isNull() ? null : n.asText();
        }
    }

    /** One Server-Sent Event. */
    public record Sse(String event, String data) {
        public JsonNode json() {
            try {
                return SpecJson.mapper().readTree(data);
            } catch (IOException e) {
                throw new IllegalStateException("bad SSE data: " + data, e);
            }
        }
    }

    public Reply submit(byte[] spec) throws IOException, InterruptedException {
        return send(request("/api/jobs").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(spec)).build());
    }

    public Reply status(String jobId) throws IOException, InterruptedException {
        return send(request("/api/jobs/" + jobId).GET().build());
    }

    public Reply cancel(String jobId) throws IOException, InterruptedException {
        return send(request("/api/jobs/" + jobId).DELETE().build());
    }

    public Reply get(String path) throws IOException, InterruptedException {
        return send(request(path).GET().build());
    }

    /**
     * Follows {@code /api/jobs/{id}/events} and hands each event to {@code sink} until the stream
     * ends (the gateway ends it after the job's last event).
     *
     * @return HTTP status of the stream request
     */
    public int events(String jobId, Consumer<Sse> sink) throws IOException, InterruptedException {
        HttpRequest req = request("/api/jobs/" + jobId + "/events")
                .header("Accept", "text/event-stream").GET().build();
        HttpResponse<Stream<String>> res = http.send(req, HttpResponse.BodyHandlers.ofLines());
        if (res.statusCode() != 200) {
            res.body().close();
            return res.statusCode();
        }
        try (Stream<String> lines = res.body()) {
            String event = "message";
            StringBuilder data = new StringBuilder();
            Iterator<String> it = lines.iterator();
            while (it.hasNext()) {
                String line = it.next();
                if (line.isEmpty()) {
                    if (data.length() > 0) {
                        sink.accept(new Sse(event, data.toString()));
                    }
                    event = "message";
                    data.setLength(0);
                } else if (line.startsWith("event:")) {
                    event = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    if (data.length() > 0) {
                        data.append('\n');
                    }
                    data.append(line.substring(5).stripLeading());
                }
            }
        }
        return 200;
    }

    private Reply send(HttpRequest req) throws IOException, InterruptedException {
        HttpResponse<byte[]> res = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        JsonNode body = null;
        if (res.body() != null && res.body().length > 0) {
            try {
                body = SpecJson.mapper().readTree(res.body());
            } catch (IOException e) {
                body = SpecJson.mapper().getNodeFactory().textNode(new String(res.body(),
                        java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return new Reply(res.statusCode(), body);
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
        return token == null ? b : b.header("Authorization", "Bearer " + token);
    }
}
