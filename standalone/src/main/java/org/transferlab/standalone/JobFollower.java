package org.transferlab.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Follows one job through the gateway's SSE stream, drawing the progress bar, until the job ends;
 * then fetches its final status (with the result when completed).
 */
final class JobFollower {
    /** How a followed job ended: its state and the gateway's full status document. */
    record Outcome(String state, JsonNode status) {
        boolean completed() {
            return "completed".equals(state);
        }

        String failure() {
            JsonNode err = status == null ? null : status.get("error");
            if (err == null) {
                return state;
            }
            return err.path("code").asText(state) + ": " + err.path("message").asText("");
        }
    }

    private final GatewayClient client;
    private final ProgressBar bar;

    JobFollower(GatewayClient client, PrintStream err, boolean tty) {
        this.client = client;
        this.bar = new ProgressBar(err, tty);
    }

    Outcome follow(String jobId) throws IOException, InterruptedException {
        for (int attempt = 0; ; attempt++) {
            AtomicReference<String> terminal = new AtomicReference<>();
            int code = client.events(jobId, sse -> {
                JsonNode d = sse.json();
                switch (sse.event()) {
                    case "state" -> {
                        String state = d.path("state").asText();
                        bar.update(state, text(d, "phase"), d.path("progress").asDouble(0), eta(d));
                        if (isTerminal(state)) {
                            terminal.set(state);
                        }
                    }
                    case "accepted", "started" -> bar.update(sse.event(), null, 0, null);
                    case "progress" -> bar.update("running", text(d, "phase"), d.path("progress").asDouble(0),
                            eta(d));
                    case "completed" -> {
                        bar.update("completed", null, 1, 0L);
                        terminal.set("completed");
                    }
                    case "failed", "cancelled" -> terminal.set(sse.event());
                    default -> { }
                }
            });
            if (code == 404 && attempt < 20) {
                Thread.sleep(250); // a kcat-submitted job the gateway has not heard of yet
                continue;
            }
            if (code != 200) {
                bar.finish();
                throw new IOException("event stream of " + jobId + " answered HTTP " + code);
            }
            GatewayClient.Reply status = client.status(jobId);
            String state = status.text("state");
            if (terminal.get() != null || isTerminal(state)) {
                bar.finish();
                return new Outcome(state, status.body());
            }
            Thread.sleep(500); // the stream ended early (gateway restart?): pick it up again
        }
    }

    private static boolean isTerminal(String state) {
        return "completed".equals(state) || "failed".equals(state) || "cancelled".equals(state);
    }

    private static String text(JsonNode d, String f) {
        JsonNode n = d.get(f);
        return n == null || n.isNull() ? null : n.asText();
    }

    private static Long eta(JsonNode d) {
        JsonNode n = d.get("etaMs");
        return n == null || n.isNull() ? null : n.asLong();
    }
}
