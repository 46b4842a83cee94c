package org.transferlab.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.transferlab.protocol.spec.ExperimentSpec;

class SpecJsonTest {

    @Test
    void parsesTheDesignShape() {
        ExperimentSpec spec = SpecFixtures.parse(SpecFixtures.LINEAR);
        assertThat(spec.inputDim()).isEqualTo(40);
        assertThat(spec.target().task().alignment()).isEqualTo(0.6);
        assertThat(spec.methods()).containsExactly("theory");
    }

    @Test
    void unknownFieldIsNamedWithItsPath() {
        assertThatThrownBy(() -> SpecFixtures.parse("{\"source\":{\"gama\":1.0}}"))
                .isInstanceOfSatisfying(InvalidSpecException.class, e -> {
                    assertThat(e.errors()).singleElement().satisfies(fe -> {
                        assertThat(fe.field()).isEqualTo("source.gama");
                        assertThat(fe.message()).contains("unknown field 'gama'").contains("gamma");
                    });
                });
    }

    @Test
    void stringWhereANumberBelongsIsRefusedNotCoerced() {
        assertThatThrownBy(() -> SpecFixtures.parse("{\"inputDim\":\"40\"}"))
                .isInstanceOfSatisfying(InvalidSpecException.class,
                        e -> assertThat(e.errors().get(0).field()).isEqualTo("inputDim"));
    }

    @Test
    void emptyStringWhereANumberBelongsIsRefusedNotTakenAsAbsent() {
        assertThatThrownBy(() -> SpecFixtures.parse("{\"curvePoints\":\"\"}"))
                .isInstanceOfSatisfying(InvalidSpecException.class, e -> {
                    assertThat(e.errors().get(0).field()).isEqualTo("curvePoints");
                    assertThat(e.errors().get(0).message()).contains("an integer").doesNotContain("java.", "Coercion");
                });
    }

    @Test
    void truncatedDocumentIsNotJsonRatherThanABadField() {
        assertThatThrownBy(() -> SpecFixtures.parse("{\"name\":\"it-"))
                .isInstanceOfSatisfying(InvalidSpecException.class, e -> {
                    assertThat(e.errors().get(0).field()).isEqualTo("$");
                    assertThat(e.errors().get(0).message()).startsWith("not valid JSON: ").contains("line 1");
                });
    }

    @Test
    void fractionalIntegerIsRefused() {
        assertThatThrownBy(() -> SpecFixtures.parse("{\"target\":{\"samples\":12.5}}"))
                .isInstanceOfSatisfying(InvalidSpecException.class,
                        e -> assertThat(e.errors().get(0).field()).isEqualTo("target.samples"));
    }

    @Test
    void malformedAndHostileDocumentsGiveAnError() {
        assertThatThrownBy(() -> SpecFixtures.parse("{\"inputDim\": 4")).isInstanceOf(InvalidSpecException.class);
        assertThatThrownBy(() -> SpecFixtures.parse("")).isInstanceOf(InvalidSpecException.class);
        assertThatThrownBy(() -> SpecFixtures.parse("null")).isInstanceOf(InvalidSpecException.class);
        assertThatThrownBy(() -> SpecFixtures.parse("{\"inputDim\":4,\"inputDim\":5}"))
                .isInstanceOf(InvalidSpecException.class);
        String deep = "{\"sweep\":" + "[".repeat(200) + "]".repeat(200) + "}";
        assertThatThrownBy(() -> SpecFixtures.parse(deep)).isInstanceOf(InvalidSpecException.class);
    }
}
