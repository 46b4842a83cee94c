package org.transferlab.protocol.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.transferlab.protocol.FieldError;
import org.transferlab.protocol.InvalidSpecException;

/**
 * Strict JSON for every wire message: unknown fields, wrong types, strings where numbers belong and
 * absurdly nested documents are errors that name the field, never silently coerced.
 */
public final class SpecJson {
    /** Deeper than any legitimate spec; a hostile document is refused before it costs anything. */
    private static final int MAX_NESTING = 32;
    private static final Pattern JAVA_TYPE = Pattern.compile("`([\\w.$<>, ]+)`");
    /** Jackson's asides: the token it met, and how coercion could be enabled (it must not be). */
    private static final Pattern TOKEN = Pattern.compile(" \\((token|but could if) [^)]*\\)");

    private static final ObjectMapper MAPPER = build();

    private SpecJson() {
    }

    /** The shared, immutable-after-construction mapper (thread-safe). Sorted keys make output canonical. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    private static ObjectMapper build() {
        JsonMapper mapper = JsonMapper.builder()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .build();
        mapper.getFactory().setStreamReadConstraints(
                StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).maxStringLength(100_000).build());
        for (LogicalType t : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
            mapper.coercionConfigFor(t).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
            // by default "" reads as null, i.e. as an absent field that takes its default (found by fuzzing)
            mapper.coercionConfigFor(t).setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return mapper;
    }

    /** Parses a spec, turning every Jackson complaint into a field-level message. */
    public static ExperimentSpec parseSpec(byte[] json) {
        return read(json, ExperimentSpec.class);
    }

    /** Reads any protocol message type with the same strictness and error reporting. */
    public static <T> T read(byte[] json, Class<T> type) {
        if (json == null || json.length == 0) {
            throw new InvalidSpecException(List.of(new FieldError("$", "empty document")));
        }
        try {
            T value = MAPPER.readValue(json, type);
            if (value == null) {
                throw new InvalidSpecException(List.of(new FieldError("$", "document is null")));
            }
            return value;
        } catch (JsonMappingException e) {
            // a syntax error met while reading a field is wrapped with that field's path, yet it is the
            // document that is broken (found by fuzzing: a truncated spec was "a wrong value of name")
            if (e.getCause() instanceof JsonProcessingException syntax && !(syntax instanceof InputCoercionException)) {
                throw notJson(syntax);
            }
            throw new InvalidSpecException(List.of(new FieldError(path(e), describe(e))));
        } catch (JsonProcessingException e) {
            throw notJson(e);
        } catch (java.io.IOException e) {
            throw new InvalidSpecException(List.of(new FieldError("$", "unreadable: " + e.getMessage())));
        }
    }

    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    public static String writeString(Object value) {
        return new String(write(value), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static InvalidSpecException notJson(JsonProcessingException e) {
        String msg = e.getOriginalMessage().replaceAll(", from `[^`]*`", "");
        int cut = msg.indexOf(" (start marker at");
        JsonLocation at = e.getLocation();
        String where = at == null || at.getLineNr() < 0 ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
        return new InvalidSpecException(List.of(new FieldError("$", "not valid JSON: "
                + (cut > 0 ? msg.substring(0, cut) : msg) + where)));
    }

    private static String path(JsonMappingException e) {
        String p = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
        return p.isEmpty() ? "$" : p;
    }

    private static String describe(JsonMappingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            return "unknown field '" + u.getPropertyName() + "'; known fields: " + u.getKnownPropertyIds();
        }
        String msg = e.getOriginalMessage();
        int cut = msg.indexOf(" at [Source");
        return "wrong type or value: " + plainTypes(cut > 0 ? msg.substring(0, cut) : msg);
    }

    /** Jackson names Java types ({@code `java.lang.Integer`}) and its tokens; a client needs the JSON kind. */
    private static String plainTypes(String msg) {
        Matcher m = JAVA_TYPE.matcher(TOKEN.matcher(msg).replaceAll("")
                .replace("Cannot deserialize value of type ", "expected "));
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String type = m.group(1);
            String kind = switch (type) {
                case "java.lang.Integer", "int", "java.lang.Long", "long" -> "an integer";
                case "java.lang.Double", "double" -> "a number";
                case "java.lang.String" -> "a string";
                case "java.lang.Boolean", "boolean" -> "true or false";
                default -> type.startsWith("java.util.List") || type.startsWith("java.util.ArrayList") ? "an array"
                        : "an object";
            };
            m.appendReplacement(out, Matcher.quoteReplacement(kind));
        }
        m.appendTail(out);
        return out.toString();
    }
}
