package org.transferlab.gateway;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.transferlab.protocol.FieldError;

/** The gateway's JSON answers: one shape for field errors, one way to send a JSON body. */
final class JsonReplies {
    private JsonReplies() {
    }

    static JsonObject errors(List<FieldError> errors) {
        JsonArray arr = new JsonArray();
        errors.forEach(fe -> arr.add(new JsonObject().put("field", fe.field()).put("message", fe.message())));
        return new JsonObject().put("errors", arr);
    }

    static void json(RoutingContext ctx, int status, JsonObject body) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8")
                .end(body.encode());
    }
}
