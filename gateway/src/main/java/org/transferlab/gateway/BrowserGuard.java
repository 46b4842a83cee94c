package org.transferlab.gateway;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What keeps a web page on another site from using a visitor's browser against the gateway (the
 * visitor may be on the gateway's network, or hold a token in the dashboard's storage):
 * <ul>
 * <li>requests that change something ({@code /api/*} other than GET and HEAD) and every request to
 * the event-bus bridge, its WebSocket handshake included, are refused with 403 when their
 * {@code Origin} is neither the gateway's own (the origin whose host and port are the request's
 * {@code Host}) nor one of the allowed origins; a request without {@code Origin} is not from a
 * page's script (curl, the CLI) and passes;</li>
 * <li>bodies must be {@code application/json} (415 otherwise): a form or a {@code text/plain} fetch,
 * which a page may send across sites without asking the server first, is not read.</li>
 * </ul>
 */
final class BrowserGuard implements Handler<RoutingContext> {
    private final Set<String> allowed;
    private final boolean everyMethod;

    private BrowserGuard(Set<String> allowed, boolean everyMethod) {
        this.allowed = allowed;
        this.everyMethod = everyMethod;
    }

    /** Mounts the checks on the router; call before any other route of /api and /eventbus. */
    static void protect(Router router, Set<String> allowedOrigins) {
        Set<String> allowed = Set.copyOf(allowedOrigins);
        router.route("/api/*").handler(new BrowserGuard(allowed, false));
        router.route("/eventbus/*").handler(new BrowserGuard(allowed, true));
    }

    /**
     * The origins as given ({@code scheme://host[:port]}), in the form browsers send them.
     *
     * @param source the option or variable they came from, for the error message
     */
    static Set<String> origins(List<String> given, String source) {
        Set<String> out = new LinkedHashSet<>();
        for (String g : given) {
            String o = g.strip().toLowerCase(Locale.ROOT);
            if (o.endsWith("/")) {
                o = o.substring(0, o.length() - 1);
            }
            if (o.isEmpty()) {
                continue;
            }
            URI u;
            try {
                u = new URI(o);
            } catch (URISyntaxException e) {
                u = null;
            }
            if (u == null || u.getHost() == null || !(o.startsWith("http://") || o.startsWith("https://"))
                    || u.getRawPath() != null && !u.getRawPath().isEmpty() || u.getRawQuery() != null) {
                throw new IllegalArgumentException(source + ": '" + g.strip() + "' is not an origin such as "
                        + "https://lab.example.org or http://localhost:3000");
            }
            out.add(o);
        }
        return out;
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpMethod method = ctx.request().method();
        boolean reads = method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS;
        if (!everyMethod && reads) {
            ctx.next();
            return;
        }
        String origin = ctx.request().getHeader("Origin");
        if (origin != null && !allowed(origin, ctx.request().getHeader("Host"))) {
            refuse(ctx, 403, "Origin", "requests from pages of another site are refused (allowed: the "
                    + "gateway's own origin and those given with --allowed-origin)");
            return;
        }
        if (!everyMethod && hasBody(method) && !isJson(ctx.request().getHeader("Content-Type"))) {
            refuse(ctx, 415, "Content-Type", "send the body as Content-Type: application/json");
            return;
        }
        ctx.next();
    }

    private boolean allowed(String origin, String host) {
        String o = origin.strip().toLowerCase(Locale.ROOT);
        if (allowed.contains(o)) {
            return true;
        }
        // the page was served by this gateway: same host and port as the request was sent to
        int sep = o.indexOf("://");
        return host != null && sep > 0 && (o.startsWith("http://") || o.startsWith("https://"))
                && o.substring(sep + 3).equals(host.strip().toLowerCase(Locale.ROOT));
    }

    private static boolean hasBody(HttpMethod m) {
        return m == HttpMethod.POST || m == HttpMethod.PUT || m == HttpMethod.PATCH;
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semi = contentType.indexOf(';');
        String mime = (semi < 0 ? contentType : contentType.substring(0, semi)).strip();
        return mime.equalsIgnoreCase("application/json");
    }

    private static void refuse(RoutingContext ctx, int status, String field, String message) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8")
                .end(new JsonObject().put("errors", new JsonArray()
                        .add(new JsonObject().put("field", field).put("message", message))).encode());
    }
}
