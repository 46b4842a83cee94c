package org.transferlab.gateway;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Bearer-token checks in front of the API and the event-bus bridge, when tokens are configured. The
 * token comes from {@code Authorization: Bearer ...} or, for EventSource and SockJS clients, which
 * cannot set headers, from the {@code access_token} query parameter; the latter only where reading is
 * all the request does (a URL ends up in logs and browser history, and a link or form could carry it
 * to a write). No or an unknown token is 401;
 * a known token without the needed scope is 403. /health and /metrics stay open (probes and
 * Prometheus scrapes carry no token), and so does everything outside /api and /eventbus.
 */
final class TokenAuth implements Handler<RoutingContext> {
    private static final String CALLER = "transferlab.caller";
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

    /**
     * Who sent the request: {@link ApiTokens.Caller#ANONYMOUS} when no tokens are required, else the
     * token's holder (a request these checks did not pass may do nothing).
     */
    static ApiTokens.Caller caller(RoutingContext ctx, ApiTokens tokens) {
        if (!tokens.enabled()) {
            return ApiTokens.Caller.ANONYMOUS;
        }
        ApiTokens.Caller c = ctx == null ? null : ctx.get(CALLER);
        return c != null ? c : NOBODY;
    }

    private static final ApiTokens.Caller NOBODY = new ApiTokens.Caller("", java.util.EnumSet.noneOf(ApiTokens.Scope.class));

    @Override
    public void handle(RoutingContext ctx) {
        ApiTokens.Scope needed = fixed != null ? fixed
                : ctx.request().method() == HttpMethod.GET || ctx.request().method() == HttpMethod.HEAD
                ? ApiTokens.Scope.READ : ApiTokens.Scope.WRITE;
        String token = token(ctx, needed == ApiTokens.Scope.READ);
        if (token == null) {
            refuse(ctx, 401, needed, needed == ApiTokens.Scope.READ
                    ? "no bearer token: send 'Authorization: Bearer TOKEN' (or ?access_token=TOKEN where headers "
                    + "cannot be set)"
                    : "no bearer token: send 'Authorization: Bearer TOKEN' (a token in the URL is accepted for "
                    + "reading only)");
            return;
        }
        ApiTokens.Caller caller = tokens.callerOf(token);
        if (caller == null) {
            refuse(ctx, 401, needed, "unknown bearer token");
        } else if (!caller.may(needed)) {
            refuse(ctx, 403, needed, "this token lacks the '" + needed.json() + "' scope");
        } else {
            ctx.put(CALLER, caller);
            ctx.next();
        }
    }

    private static String token(RoutingContext ctx, boolean reading) {
        String header = ctx.request().getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return header.substring(7).strip();
        }
        return reading ? ctx.request().getParam("access_token") : null;
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
