package org.transferlab.standalone;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.util.List;

/**
 * {@code --set path=value} on the command line: changes a spec file's field without editing it, e.g.
 * {@code --set network.width=20000} to run a preset at the paper's width. The path is dotted, as in
 * sweeps; the value is read as JSON when it parses (numbers, booleans, arrays, objects) and as a string
 * otherwise. The result is validated by the gateway like any spec.
 */
final class SpecOverrides {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SpecOverrides() {
    }

    static byte[] apply(byte[] spec, List<String> assignments) throws IOException {
        if (assignments == null || assignments.isEmpty()) {
            return spec;
        }
        JsonNode root = JSON.readTree(spec);
        if (!(root instanceof ObjectNode object)) {
            throw new IllegalArgumentException("the spec must be a JSON object to apply --set");
        }
        for (String a : assignments) {
            int eq = a.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--set needs path=value, got '" + a + "'");
            }
            String[] path = a.substring(0, eq).split("\\.");
            ObjectNode parent = object;
            for (int i = 0; i < path.length - 1; i++) {
                JsonNode child = parent.get(path[i]);
                parent = child instanceof ObjectNode o ? o : parent.putObject(path[i]);
            }
            parent.set(path[path.length - 1], value(a.substring(eq + 1)));
        }
        return JSON.writeValueAsBytes(object);
    }

    private static JsonNode value(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return TextNode.valueOf(text);
        }
    }
}
