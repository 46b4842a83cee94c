package org.transferlab.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.transferlab.protocol.spec.SpecJson;
import org.transferlab.protocol.spec.SpecValidator;

/**
 * The spec schema's leaf fields with their spec paths (source and target expanded from the shared
 * phase definition), and the Java side's verdict on a spec: the validator's field errors and the
 * defaulted spec as JSON. What {@link SchemaConsistencyTest} compares.
 */
final class SchemaRules {
    /** One leaf of the schema: its spec path ("target.task.alignment"), its schema node and where that is. */
    record Leaf(String path, JsonNode node, String schemaPointer) {
        boolean integer() {
            return "integer".equals(node.path("type").asText());
        }
    }

    private SchemaRules() {
    }

    /**
     * Every field of the spec schema that is not an object, with references resolved. A reference may
     * carry sibling "properties" that narrow it: {@code false} forbids a field there (the source phase
     * has no ridge), an object narrows a nested field in turn.
     */
    static List<Leaf> leaves(JsonNode schema) {
        List<Leaf> out = new ArrayList<>();
        collect(schema, schema, null, "", "", out);
        return out;
    }

    private static void collect(JsonNode root, JsonNode node, JsonNode narrowing, String path, String pointer,
                                List<Leaf> out) {
        if (node.has("$ref")) {
            if (narrowing == null) {
                narrowing = node.get("properties");
            }
            pointer = node.get("$ref").asText().substring(1); // "#/$defs/phase" -> "/$defs/phase"
            node = root.at(pointer);
        }
        JsonNode props = node.get("properties");
        if (props == null) {
            out.add(new Leaf(path, node, pointer));
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode narrowed = narrowing == null ? null : narrowing.get(e.getKey());
            if (narrowed != null && narrowed.isBoolean() && !narrowed.booleanValue()) {
                continue; // not allowed here
            }
            collect(root, e.getValue(), narrowed == null ? null : narrowed.get("properties"),
                    path.isEmpty() ? e.getKey() : path + "." + e.getKey(), pointer + "/properties/" + e.getKey(), out);
        }
    }

    /** A copy of {@code base} with the field at a dotted spec path set (objects created on the way). */
    static ObjectNode with(JsonNode base, String path, JsonNode value) {
        ObjectNode spec = base.deepCopy();
        ObjectNode at = spec;
        String[] parts = path.split("\\.");
        for (int i = 0; i < parts.length - 1; i++) {
            at = at.has(parts[i]) ? (ObjectNode) at.get(parts[i]) : at.putObject(parts[i]);
        }
        at.set(parts[parts.length - 1], value);
        return spec;
    }

    static JsonNode parse(String json) {
        try {
            return SpecJson.mapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The fields the validator (parsing included) reports for this spec; empty when it is accepted. */
    static List<String> errorFields(JsonNode spec) {
        try {
            SpecValidator.validated(SpecJson.parseSpec(spec.toString().getBytes(StandardCharsets.UTF_8)));
            return List.of();
        } catch (InvalidSpecException e) {
            return e.errors().stream().map(FieldError::field).toList();
        }
    }

    /** The spec as the Java side completes it: every default applied, as JSON. */
    static JsonNode defaulted(JsonNode spec) {
        return SpecJson.mapper().valueToTree(
                SpecValidator.validated(SpecJson.parseSpec(spec.toString().getBytes(StandardCharsets.UTF_8))));
    }

    /** JSON equality with numbers compared by value (a schema's 1.0 is Java's 1). */
    static boolean sameValue(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.doubleValue() == b.doubleValue();
        }
        if (a.isArray() && b.isArray() && a.size() == b.size()) {
            for (int i = 0; i < a.size(); i++) {
                if (!sameValue(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    static String pointer(String path) {
        return "/" + path.replace('.', '/');
    }
}
