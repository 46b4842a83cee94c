package org.transferlab.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.transferlab.gateway.GatewayOptions;
import org.transferlab.protocol.spec.SpecJson;

/**
 * Generators of specs that must be refused, each with the field its refusal must name ({@code $} for
 * the document as a whole, null for a body too large to read). Every one starts from a valid spec and
 * breaks it in one way: an unknown field, a wrong type, a value out of range or not finite, a
 * truncated or too deeply nested document, bytes that are not UTF-8, a duplicate key, a body over the
 * size limit, a dataset path that tries to leave the data root, or something that is not a spec at all.
 */
final class MalformedSpecs {
    /** One refused input: its body, what was broken and the field the refusal names. */
    record Malformed(String kind, byte[] body, String field) {
        @Override
        public String toString() { // what jqwik prints for a falsifying sample
            String text = new String(body, 0, Math.min(body.length, 300), StandardCharsets.UTF_8);
            return kind + " (field " + field + ", " + body.length + " bytes): " + text;
        }

        Malformed withField(String f) {
            return new Malformed(kind, body, f);
        }
    }

    /** A leaf of the spec, what kind of JSON value it is, and values the validator must refuse. */
    private record Leaf(String path, char kind, List<String> outOfRange) {
    }

    private static final List<Leaf> LEAVES = List.of(
            new Leaf("inputDim", 'i', List.of("0", "-1", "4097", "2147483648", "1e3")),
            new Leaf("network.width", 'i', List.of("0", "200001", "-7")),
            new Leaf("network.activation", 's', List.of("\"tanh\"", "\"\"")),
            new Leaf("seeds", 'i', List.of("0", "1001")),
            new Leaf("curvePoints", 'i', List.of("-1", "1001")),
            new Leaf("testSamples", 'i', List.of("0", "200001")),
            new Leaf("source.samples", 'i', List.of("0", "200001", "99999999999")),
            new Leaf("source.steps", 'i', List.of("0", "10000001")),
            new Leaf("source.gamma", 'n', List.of("-1", "1001", "1e400", "-1e400")),
            new Leaf("source.task.noise", 'n', List.of("-0.1", "1e400")),
            new Leaf("source.task.type", 's', List.of("\"cubic\"")),
            new Leaf("target.samples", 'i', List.of("0")),
            new Leaf("target.ridge", 'n', List.of("-1", "1e400")),
            new Leaf("target.task.alignment", 'n', List.of("1.5", "-1.01", "1e400")),
            new Leaf("target.task.noise", 'n', List.of("-2")),
            new Leaf("theory.chi", 's', List.of("\"magic\"")),
            new Leaf("theory.teacherNorm", 's', List.of("\"huge\"")),
            new Leaf("protocols", 'a', List.of("[\"scratch\",\"bogus\"]")),
            new Leaf("methods", 'a', List.of("[\"quantum\"]")),
            new Leaf("name", 's', List.of()));

    /** Values of every JSON kind, to put where another kind belongs. */
    private static final List<String> NUMBERS = List.of("1", "2.5", "-3", "0");
    private static final List<String> STRINGS = List.of("\"abc\"", "\"12\"", "\"NaN\"", "\"Infinity\"", "\"-Infinity\"",
            "\"\"", "\"true\"");
    private static final List<String> OTHERS = List.of("true", "false", "{}", "{\"a\":1}", "[]", "[1,2]");
    private static final List<String> OBJECTS = List.of("", "network", "source", "source.task", "target",
            "target.task", "theory");

    private MalformedSpecs() {
    }

    static Arbitrary<Malformed> any() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, unknownField()),
                net.jqwik.api.Tuple.of(8, wrongType()),
                net.jqwik.api.Tuple.of(8, outOfRange()),
                net.jqwik.api.Tuple.of(4, truncated()),
                net.jqwik.api.Tuple.of(3, deeplyNested()),
                net.jqwik.api.Tuple.of(3, invalidUtf8()),
                net.jqwik.api.Tuple.of(2, duplicateKey()),
                net.jqwik.api.Tuple.of(2, notASpec()),
                net.jqwik.api.Tuple.of(2, badSweep()),
                net.jqwik.api.Tuple.of(4, hostileDatasetPath()));
    }

    /**
     * A dataset spec whose source path tries to leave the data root ({@link HostileDataRoot}, which the
     * test must have planted for the well-formed ones to reach the file system); a distinct seed each,
     * so that no two are the same job.
     */
    private static Arbitrary<Malformed> hostileDatasetPath() {
        return Combinators.combine(Arbitraries.of(HostileDataRoot.all()), Arbitraries.longs().between(1, Long.MAX_VALUE / 2))
                .as((path, seed) -> new Malformed("hostile dataset path", HostileDataRoot.bytes(path, seed), "source.task.path"));
    }

    /** Bodies over the gateway's limit: refused with 413 before they are read. */
    static Arbitrary<Malformed> oversized() {
        return Arbitraries.integers().between(1, 64 * 1024).map(extra -> {
            byte[] body = ("{\"name\":\"" + "x".repeat(GatewayOptions.MAX_BODY_BYTES + extra) + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            return new Malformed("oversized", body, null);
        });
    }

    private static ObjectNode base() {
        try {
            return (ObjectNode) SpecJson.mapper().readTree(TestKafka.quickSpec(1));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Arbitrary<Malformed> unknownField() {
        Arbitrary<String> names = Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12).map(s -> "x_" + s);
        return Combinators.combine(Arbitraries.of(OBJECTS), names, Arbitraries.of(NUMBERS)).as((at, name, value) -> {
            ObjectNode spec = base();
            objectAt(spec, at).set(name, parse(value));
            return new Malformed("unknown field", bytes(spec), at.isEmpty() ? name : at + "." + name);
        });
    }

    private static Arbitrary<Malformed> wrongType() {
        return Arbitraries.of(LEAVES).flatMap(leaf -> Arbitraries.of(otherKinds(leaf.kind())).map(value ->
                withLeaf("wrong type", leaf.path(), value)));
    }

    private static Arbitrary<Malformed> outOfRange() {
        return Arbitraries.of(LEAVES.stream().filter(l -> !l.outOfRange().isEmpty()).toList())
                .flatMap(leaf -> Arbitraries.of(leaf.outOfRange()).map(value ->
                        withLeaf("out of range", leaf.path(), value)));
    }

    private static Arbitrary<Malformed> truncated() {
        byte[] valid = bytes(base());
        return Arbitraries.integers().between(0, valid.length - 1).map(n ->
                new Malformed("truncated", Arrays.copyOf(valid, n), "$"));
    }

    private static Arbitrary<Malformed> deeplyNested() {
        return Combinators.combine(Arbitraries.integers().between(40, 20_000), Arbitraries.of("[", "{\"a\":"),
                Arbitraries.of(OBJECTS)).as((depth, open, at) -> {
            String close = open.equals("[") ? "]" : "}";
            String deep = open.repeat(depth) + "1" + close.repeat(depth);
            String body = at.isEmpty() ? deep : withRaw(at, deep).toString();
            // an array where a spec object belongs is refused at once; unknown members are read through first
            String field = at.isEmpty() || !open.equals("[") ? "$" : at;
            return new Malformed("deeply nested", body.getBytes(StandardCharsets.UTF_8), field);
        });
    }

    private static Arbitrary<Malformed> invalidUtf8() {
        List<byte[]> broken = List.of(new byte[]{(byte) 0xC3, 0x28}, new byte[]{(byte) 0xFF},
                new byte[]{(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[]{(byte) 0xE2, (byte) 0x82},
                new byte[]{(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80});
        return Arbitraries.of(broken).map(bad -> {
            byte[] valid = bytes(base());
            int at = indexOf(valid, "\"it-".getBytes(StandardCharsets.UTF_8)) + 1; // inside the name's value
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(valid, 0, at);
            out.writeBytes(bad);
            out.write(valid, at, valid.length - at);
            return new Malformed("invalid UTF-8", out.toByteArray(), "$");
        });
    }

    /** A key the base spec has, written a second time in front of it. */
    private static Arbitrary<Malformed> duplicateKey() {
        return Arbitraries.of("\"inputDim\":40", "\"seed\":2", "\"name\":\"twice\"").map(pair -> {
            String valid = bytesAsText(base());
            return new Malformed("duplicate key", ("{" + pair + "," + valid.substring(1)).getBytes(StandardCharsets.UTF_8),
                    "$");
        });
    }

    private static Arbitrary<Malformed> notASpec() {
        return Arbitraries.oneOf(
                Arbitraries.of("", " ", "null", "[]", "42", "\"spec\"", "true", "{}x", "{\"inputDim\":40}}", "NaN",
                        "{\"inputDim\":NaN}", "{\"inputDim\":Infinity}", "{'inputDim':40}", "{\"inputDim\":040}")
                        .map(s -> new Malformed("not a spec", s.getBytes(StandardCharsets.UTF_8), "$")),
                Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(200)
                        .filter(b -> b[0] != '{' && b[0] != ' ') // never a (possibly valid) object
                        .map(b -> new Malformed("random bytes", b, "$")));
    }

    private static Arbitrary<Malformed> badSweep() {
        return Arbitraries.of(
                new String[]{"{\"colour\":[1,2]}", "sweep.colour"},
                new String[]{"{\"target.samples\":[]}", "sweep.target.samples"},
                new String[]{"{\"target.samples\":[5,-5]}", "target.samples"},
                new String[]{"{\"target.samples\":[\"many\"]}", "sweep"},
                new String[]{"{\"target.samples\":5}", "sweep.target.samples"},
                new String[]{"[1,2]", "sweep"}).map(c -> withLeaf("bad sweep", "sweep", c[0]).withField(c[1]));
    }

    private static List<String> otherKinds(char kind) {
        List<List<String>> kinds = switch (kind) {
            case 'i' -> List.of(List.of("2.5"), STRINGS, OTHERS);
            case 'n' -> List.of(STRINGS, OTHERS);
            case 's' -> List.of(NUMBERS, OTHERS);
            default -> List.of(NUMBERS, STRINGS, List.of("true", "{}", "{\"a\":1}"));
        };
        return kinds.stream().flatMap(List::stream).toList();
    }

    private static Malformed withLeaf(String kind, String path, String value) {
        return new Malformed(kind, withRaw(path, value).toString().getBytes(StandardCharsets.UTF_8), path);
    }

    /** The base spec with the raw JSON text {@code value} at {@code path} (parents created as needed). */
    private static StringBuilder withRaw(String path, String value) {
        // placed as text, not as a tree: 1e400 and 2147483648 must reach the parser as written
        String marker = "\"@@value@@\"";
        ObjectNode spec = base();
        int dot = path.lastIndexOf('.');
        ObjectNode parent = objectAt(spec, dot < 0 ? "" : path.substring(0, dot));
        parent.put(path.substring(dot + 1), "@@value@@");
        return new StringBuilder(bytesAsText(spec).replace(marker, value));
    }

    private static ObjectNode objectAt(ObjectNode root, String path) {
        ObjectNode node = root;
        if (path.isEmpty()) {
            return node;
        }
        for (String part : path.split("\\.")) {
            JsonNode child = node.get(part);
            node = child instanceof ObjectNode o ? o : node.putObject(part);
        }
        return node;
    }

    private static JsonNode parse(String json) {
        try {
            return SpecJson.mapper().readTree(json);
        } catch (IOException e) {
            return JsonNodeFactory.instance.textNode(json);
        }
    }

    private static byte[] bytes(JsonNode node) {
        return SpecJson.write(node);
    }

    private static String bytesAsText(JsonNode node) {
        return new String(bytes(node), StandardCharsets.UTF_8);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalArgumentException("not found");
    }
}
