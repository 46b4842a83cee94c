package org.transferlab.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;

/** A gateway's refusal of a spec, printed field by field for a person at a terminal. */
final class SpecErrors {
    private SpecErrors() {
    }

    static void print(PrintStream err, JsonNode body) {
        err.println("invalid spec:");
        if (body != null && body.has("errors")) {
            for (JsonNode e : body.get("errors")) {
                err.println("  " + e.path("field").asText() + ": " + e.path("message").asText());
            }
        } else {
            err.println("  " + body);
        }
    }
}
