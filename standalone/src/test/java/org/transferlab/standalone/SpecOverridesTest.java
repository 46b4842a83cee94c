package org.transferlab.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpecOverridesTest {
    private static String apply(String json, String... sets) throws Exception {
        return new String(SpecOverrides.apply(json.getBytes(StandardCharsets.UTF_8), List.of(sets)), StandardCharsets.UTF_8);
    }

    @Test
    void setsNestedFieldsWithJsonValuesAndKeepsTheRest() throws Exception {
        String out = apply("{\"network\":{\"activation\":\"relu\",\"width\":512},\"seeds\":2}",
                "network.width=20000", "theory.chi=caption", "sweep={\"target.gamma\":[0.5,1]}");
        assertThat(out).contains("\"width\":20000").contains("\"activation\":\"relu\"").contains("\"seeds\":2")
                .contains("\"theory\":{\"chi\":\"caption\"}").contains("\"target.gamma\":[0.5,1]");
    }

    @Test
    void withoutOverridesTheFileIsSentAsItIs() throws Exception {
        assertThat(apply("{not json")).isEqualTo("{not json");
    }

    @Test
    void aMalformedAssignmentIsRefused() {
        assertThatThrownBy(() -> apply("{}", "width")).hasMessageContaining("path=value");
    }
}
