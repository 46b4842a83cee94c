package org.transferlab.gateway;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * The browser dashboard: its static files ({@code dashboard/} in the jar), uPlot from its webjar, the
 * presets, and one SSE stream of every job change so that the page never polls. The page itself uses
 * only the public HTTP API besides these.
 */
final class Dashboard {
    private final Vertx vertx;
    /** Whether a caller may see a job's changes (their own jobs, or everyone's with list-all). */
    private final BiPredicate<ApiTokens.Caller, String> visible;
    /** Who sent a request. */
    private final Function<RoutingContext, ApiTokens.Caller> callers;
    private JsonObject presets;

    Dashboard(Vertx vertx, Function<RoutingContext, ApiTokens.Caller> callers,
              BiPredicate<ApiTokens.Caller, String> visible) {
        this.vertx = vertx;
        this.callers = callers;
        this.visible = visible;
    }

    /** Mounts the dashboard's routes; call after the API routes so that those take precedence. */
    void mount(Router router) {
        GatewayVerticle.reads(router, "/api/presets").handler(this::presets);
        GatewayVerticle.reads(router, "/api/events").handler(this::allEvents);
        GatewayVerticle.reads(router, "/webjars/*").handler(StaticHandler.create("META-INF/resources/webjars")
                .setCachingEnabled(true));
        GatewayVerticle.reads(router, "/*").handler(StaticHandler.create("dashboard").setIndexPage("index.html"));
    }

    private void presets(RoutingContext ctx) {
        if (presets != null) {
            send(ctx, presets);
            return;
        }
        vertx.executeBlocking(Presets::load, false).onSuccess(p -> {
            presets = p;
            send(ctx, p);
        }).onFailure(ctx::fail);
    }

    /**
     * Every message the job table publishes (see {@link JobTable}) about a job the caller may see, as
     * event "event" or "result".
     */
    private void allEvents(RoutingContext ctx) {
        if (ServerSentEvents.answeredHead(ctx)) {
            return;
        }
        ApiTokens.Caller caller = callers.apply(ctx);
        HttpServerResponse res = ctx.response();
        Runnable stopHeartbeat = ServerSentEvents.open(vertx, res);
        res.write(": connected\n\n");
        MessageConsumer<JsonObject> sub = vertx.eventBus().consumer(GatewayVerticle.ADDRESS_ALL);
        sub.handler(m -> {
            if (!res.closed() && visible.test(caller, m.body().getString("jobId"))) {
                res.write(ServerSentEvents.frame(m.body().getString("kind"), m.body().encode()));
            }
        });
        res.closeHandler(v -> {
            stopHeartbeat.run();
            sub.unregister();
        });
    }

    private static void send(RoutingContext ctx, JsonObject body) {
        ctx.response().putHeader("Content-Type", "application/json; charset=utf-8").end(body.encode());
    }
}
