package org.transferlab.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;
import org.transferlab.protocol.event.JobEvent;
import org.transferlab.protocol.result.JobResult;
import org.transferlab.protocol.result.ResultRow;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.NetworkSpec;
import org.transferlab.protocol.spec.PhaseSpec;
import org.transferlab.protocol.spec.SpecJson;
import org.transferlab.protocol.spec.SpecValidator;
import org.transferlab.protocol.spec.TaskSpec;
import org.transferlab.protocol.spec.TheorySpec;

/**
 * The shipped JSON Schemas are what non-Java clients code against: they must name exactly the fields
 * the records read and write, the enums and the limits the validator accepts, and the defaults the
 * Java side applies. Limits and defaults are compared by asking the validator, not by reading its
 * constants, so a rule stated in one place and enforced in another cannot drift apart unseen.
 */
class SchemaConsistencyTest {
    /** Minimal specs, one per family of tasks; everything they leave out takes its default. */
    private static final List<JsonNode> MINIMAL = List.of(
            SchemaRules.parse("""
                    {"inputDim":10,"source":{"samples":10},"target":{"samples":10}}"""),
            SchemaRules.parse("""
                    {"network":{"activation":"relu"},"inputDim":10,
                     "source":{"samples":10,"task":{"type":"hermite"}},"target":{"samples":10,"task":{"type":"hermite"}}}"""),
            SchemaRules.parse("""
                    {"network":{"activation":"relu"},
                     "source":{"samples":10,"task":{"type":"dataset","path":"d","format":"csv","classes":[0,1]}},
                     "target":{"samples":10,"task":{"type":"dataset","path":"d","format":"csv","classes":[0,2]}}}"""),
            SchemaRules.parse("""
                    {"network":{"activation":"relu"},"inputDim":10,"source":{"samples":10},"target":{"samples":10},
                     "methods":["bayes"]}"""));

    private static JsonNode schema(String name) throws IOException {
        try (InputStream in = SchemaConsistencyTest.class.getResourceAsStream("/schemas/" + name)) {
            assertThat(in).as(name).isNotNull();
            return SpecJson.mapper().readTree(in);
        }
    }

    private static Set<String> components(Class<? extends Record> type) {
        return new TreeSet<>(Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toList());
    }

    private static Set<String> properties(JsonNode objectSchema) {
        TreeSet<String> names = new TreeSet<>();
        objectSchema.get("properties").fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Set<String> enumOf(JsonNode node) {
        TreeSet<String> values = new TreeSet<>();
        node.forEach(v -> values.add(v.asText()));
        return values;
    }

    @Test
    void specSchemaMatchesTheSpecRecords() throws IOException {
        JsonNode s = schema("experiment-spec.schema.json");
        assertThat(properties(s)).isEqualTo(components(ExperimentSpec.class));
        assertThat(properties(s.get("properties").get("network"))).isEqualTo(components(NetworkSpec.class));
        assertThat(properties(s.get("$defs").get("phase"))).isEqualTo(components(PhaseSpec.class));
        assertThat(properties(s.get("$defs").get("task"))).isEqualTo(components(TaskSpec.class));
        assertThat(properties(s.get("properties").get("theory"))).isEqualTo(components(TheorySpec.class));
        assertThat(enumOf(s.at("/properties/network/properties/activation/enum")))
                .containsExactlyInAnyOrderElementsOf(NetworkSpec.ACTIVATIONS);
        assertThat(enumOf(s.at("/properties/protocols/items/enum")))
                .containsExactlyInAnyOrderElementsOf(ExperimentSpec.PROTOCOLS);
        assertThat(enumOf(s.at("/properties/methods/items/enum")))
                .containsExactlyInAnyOrderElementsOf(ExperimentSpec.METHODS);
        assertThat(enumOf(s.at("/$defs/task/properties/type/enum")))
                .containsExactlyInAnyOrderElementsOf(TaskSpec.TYPES);
        assertThat(enumOf(s.at("/$defs/task/properties/name/enum")))
                .containsExactlyInAnyOrderElementsOf(TaskSpec.REGISTERED.keySet());
        assertThat(enumOf(s.at("/$defs/task/properties/format/enum")))
                .containsExactlyInAnyOrderElementsOf(TaskSpec.FORMATS);
        assertThat(enumOf(s.at("/properties/sweep/propertyNames/enum")))
                .containsExactlyInAnyOrderElementsOf(SpecValidator.SWEEPABLE);
    }

    @Test
    void eventAndResultSchemasMatchTheirRecords() throws IOException {
        JsonNode e = schema("job-event.schema.json");
        assertThat(properties(e)).isEqualTo(components(JobEvent.class));
        assertThat(enumOf(e.at("/properties/code/enum"))).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(FailureCode.values()).map(Enum::name).toList());
        JsonNode r = schema("job-result.schema.json");
        assertThat(properties(r)).isEqualTo(components(JobResult.class));
        assertThat(properties(r.at("/properties/rows/items"))).isEqualTo(components(ResultRow.class));
        assertThat(properties(schema("job-command.schema.json").at("/oneOf/1")))
                .isEqualTo(components(JobCommand.class));
    }

    @Test
    void theSpecSchemasLimitsAreTheValidatorsLimits() throws IOException {
        List<String> disagreements = new ArrayList<>();
        int probes = 0;
        for (SchemaRules.Leaf leaf : SchemaRules.leaves(schema("experiment-spec.schema.json"))) {
            JsonNode n = leaf.node();
            String type = n.path("type").asText();
            if (type.equals("integer") || type.equals("number")) {
                boolean integer = leaf.integer();
                if (n.has("minimum")) {
                    probes += probe(leaf, number(n.get("minimum").doubleValue(), integer), true, disagreements);
                    probes += probe(leaf, number(below(n.get("minimum").doubleValue(), integer), integer), false,
                            disagreements);
                }
                if (n.has("exclusiveMinimum")) {
                    probes += probe(leaf, number(n.get("exclusiveMinimum").doubleValue(), integer), false, disagreements);
                    probes += probe(leaf, number(above(n.get("exclusiveMinimum").doubleValue(), integer), integer), true,
                            disagreements);
                }
                if (n.has("maximum")) {
                    probes += probe(leaf, number(n.get("maximum").doubleValue(), integer), true, disagreements);
                    probes += probe(leaf, number(above(n.get("maximum").doubleValue(), integer), integer), false,
                            disagreements);
                } else {
                    // no maximum in the schema: the validator must not have one either
                    probes += probe(leaf, number(integer ? 1e9 : 1e12, integer), true, disagreements);
                }
                if (n.has("multipleOf")) {
                    double valid = n.path("minimum").asDouble(0) + n.get("multipleOf").asDouble();
                    probes += probe(leaf, number(valid + 1, integer), false, disagreements);
                }
            } else if (n.has("maxLength")) {
                int max = n.get("maxLength").asInt();
                probes += probe(leaf, new TextNode("x".repeat(max)), true, disagreements);
                probes += probe(leaf, new TextNode("x".repeat(max + 1)), false, disagreements);
            }
        }
        assertThat(disagreements).as("schema limits the validator does not enforce the same way").isEmpty();
        assertThat(probes).as("limits probed").isGreaterThanOrEqualTo(40);
    }

    @Test
    void theSpecSchemasDefaultsAreTheDefaultsTheJavaSideApplies() throws IOException {
        List<SchemaRules.Leaf> leaves = SchemaRules.leaves(schema("experiment-spec.schema.json"));
        List<String> disagreements = new ArrayList<>();
        Set<String> compared = new TreeSet<>();
        for (JsonNode given : MINIMAL) {
            JsonNode full = SchemaRules.defaulted(given);
            for (SchemaRules.Leaf leaf : leaves) {
                String at = SchemaRules.pointer(leaf.path());
                JsonNode value = full.at(at);
                if (!given.at(at).isMissingNode() || value.isMissingNode() || value.isNull()) {
                    continue; // given by the spec, or no default applies to this kind of task
                }
                JsonNode declared = leaf.node().get("default");
                if (declared == null) {
                    disagreements.add(leaf.path() + ": the Java side defaults it to " + value + ", the schema declares no default");
                } else if (!SchemaRules.sameValue(declared, value)) {
                    disagreements.add(leaf.path() + ": schema default " + declared + ", Java default " + value);
                } else {
                    compared.add(leaf.schemaPointer());
                }
            }
        }
        for (SchemaRules.Leaf leaf : leaves) {
            if (leaf.node().has("default") && !compared.contains(leaf.schemaPointer())) {
                disagreements.add(leaf.path() + ": schema default " + leaf.node().get("default")
                        + " that the Java side never applies");
            }
        }
        assertThat(disagreements).as("defaults stated in the schema and applied in Java").isEmpty();
        assertThat(compared).as("defaults compared").hasSizeGreaterThanOrEqualTo(20);
    }

    /**
     * Sets one field of a minimal spec (with what the field needs beside it: a Hermite task for a degree,
     * the other spike constants, an alignment leaving room for alpha_g) and checks the validator's verdict.
     */
    private static int probe(SchemaRules.Leaf leaf, JsonNode value, boolean allowed, List<String> disagreements) {
        String path = leaf.path();
        JsonNode base = path.endsWith(".degree") ? MINIMAL.get(1) : path.endsWith(".task.path") ? MINIMAL.get(2)
                : path.startsWith("theory.bayes.") ? MINIMAL.get(3) : MINIMAL.get(0);
        if (path.startsWith("theory.spike.")) {
            for (String c : List.of("c1", "c2", "c3")) {
                base = SchemaRules.with(base, "theory.spike." + c, new DoubleNode(0));
            }
        }
        if (path.equals("target.task.noiseAlignment")) {
            base = SchemaRules.with(base, "target.task.alignment", new DoubleNode(0));
        }
        ObjectNode spec = SchemaRules.with(base, path, value);
        List<String> errors = SchemaRules.errorFields(spec);
        if (allowed && !errors.isEmpty()) {
            disagreements.add(path + " = " + abbreviated(value) + ": the schema allows it, the validator reports " + errors);
        } else if (!allowed && !errors.contains(path)) {
            disagreements.add(path + " = " + abbreviated(value) + ": the schema forbids it, the validator "
                    + (errors.isEmpty() ? "accepts it" : "reports only " + errors));
        }
        return 1;
    }

    private static String abbreviated(JsonNode value) {
        String s = value.toString();
        return s.length() > 20 ? s.substring(0, 12) + "...(" + s.length() + " chars)" : s;
    }

    private static JsonNode number(double v, boolean integer) {
        return integer ? new IntNode((int) v) : new DoubleNode(v);
    }

    /** The nearest value past a limit: the next integer, or a relative step far above rounding. */
    private static double below(double limit, boolean integer) {
        return integer ? limit - 1 : limit - 1e-6 * Math.max(1, Math.abs(limit));
    }

    private static double above(double limit, boolean integer) {
        return integer ? limit + 1 : limit + 1e-6 * Math.max(1, Math.abs(limit));
    }
}
