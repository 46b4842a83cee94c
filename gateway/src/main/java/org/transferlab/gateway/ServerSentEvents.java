package org.transferlab.gateway;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * Server-Sent Events on a chunked response: the headers that keep proxies from buffering, one frame
 * per message, and a comment line every 15 s so that idle connections are not cut by intermediaries.
 */
final class ServerSentEvents {
    private static final long HEARTBEAT_MS = 15_000;

    private ServerSentEvents() {
    }

    /**
     * Starts the stream and its heartbeat; the returned action stops the heartbeat (call it when the
     * stream ends or the client goes away).
     */
    static Runnable open(Vertx vertx, HttpServerResponse res) {
        headers(res).setChunked(true);
        long heartbeat = vertx.setPeriodic(HEARTBEAT_MS, t -> {
            if (!res.closed() && !res.ended()) {
                res.write(": keep-alive\n\n");
            }
        });
        return () -> vertx.cancelTimer(heartbeat);
    }

    /**
     * For a HEAD request: the stream's headers and an empty body, so that the connection is free for
     * the client's next request. True when it answered.
     */
    static boolean answeredHead(RoutingContext ctx) {
        if (ctx.request().method() != HttpMethod.HEAD) {
            return false;
        }
        headers(ctx.response()).end();
        return true;
    }

    private static HttpServerResponse headers(HttpServerResponse res) {
        return res.putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-cache")
                .putHeader("X-Accel-Buffering", "no");
    }

    /** One event frame (data must be a single line, as JSON encoded by Vert.x is). */
    static String frame(String event, String data) {
        return "event: " + event + "\ndata: " + data + "\n\n";
    }
}
