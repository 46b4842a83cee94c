package org.transferlab.gateway;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * Bearer-token checks in front of the API and the event-bus bridge, when tokens are configured. The
 * token comes from {@code Authorization: Bearer ...} or, for EventSource and SockJS clients, which
 * cannot set headers, from the {@code access_token} query parameter. No or an unknown token is 401;
 * a known token without the needed scope is 403. /health and /metrics stay open (probes and
 * Prometheus scrapes carry no token), and so does everything outside /api and /eventbus.
 */
final class TokenAuth implements Handler<RoutingContext> {
    private final ApiTokens tokens;
    /** The scope every request needs, or null: by method (GET and HEAD read, the rest write). */
    private final ApiTokens.Scope fixed;

    private TokenAuth(ApiTokens tokens, ApiTokens.Scope fixed) {
        this.tokens = tokens;
        this.fixed = fixed;
    }

    /** Mounts the checks first on the router (routes match in the order they were added). */
    static void protect(Router router, ApiTokens tokens) {
        if (tokens.enabled()) {
            router.route("/api/*").handler(new TokenAuth(tokens, null));
            // SockJS's own transports POST (xhr_send): on the bridge, whatever the method, reading is all there is
            router.route("/eventbus/*").handler(new TokenAuth(tokens, ApiTokens.Scope.READ));
        }
    }

    @Override
    public void handle(RoutingContext ctx) {
        ApiTokens.Scope needed = fixed != null ? fixed
                : ctx.request().method() == HttpMethod.GET || ctx.request().method() == HttpMethod.HEAD
                ? ApiTokens.Scope.READ : ApiTokens.Scope.WRITE;
        String token = token(ctx);
        if (token == null) {
            refuse(ctx, 401, needed, "no bearer token: send 'Authorization: Bearer TOKEN' "
                    + "(or ?access_token=TOKEN where headers cannot be set)");
            return;
        }
        Set<ApiTokens.Scope> granted = tokens.scopesOf(token);
        if (granted == null) {
            refuse(ctx, 401, needed, "unknown bearer token");
        } else if (!granted.contains(needed)) {
            refuse(ctx, 403, needed, "this token lacks the '" + needed.json() + "' scope");
        } else {
            ctx.next();
        }
    }

    private static String token(RoutingContext ctx) {
        String header = ctx.request().getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return header.substring(7).strip();
        }
        return ctx.request().getParam("access_token");
    }

    private static void refuse(RoutingContext ctx, int status, ApiTokens.Scope needed, String message) {
        if (status == 401) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"transferlab\", scope=\"" + needed.json() + "\"");
        }
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8")
                .end(new JsonObject().put("requiredScope", needed.json()).put("errors", new JsonArray()
                        .add(new JsonObject().put("field", "Authorization").put("message", message))).encode());
    }
}
