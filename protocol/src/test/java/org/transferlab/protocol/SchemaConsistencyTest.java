package org.transferlab.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
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
 * the records read and write, and the enums the validator accepts.
 */
class SchemaConsistencyTest {

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
}
