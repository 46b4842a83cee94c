package org.transferlab.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JobIdTest {

    @Test
    void keyOrderNumberFormattingAndExplicitDefaultsDoNotChangeTheId() {
        String a = "{\"inputDim\":40,\"source\":{\"samples\":30,\"gamma\":1},\"target\":{\"samples\":16}}";
        String b = "{\"target\":{\"samples\":16,\"ridge\":0.0,\"gamma\":1.0},\"source\":{\"gamma\":1.0,"
                + "\"samples\":30,\"weightDecay\":0},\"inputDim\":40,\"experiment\":\"transfer\",\"seeds\":3}";
        assertThat(JobId.of(SpecFixtures.parse(a))).isEqualTo(JobId.of(SpecFixtures.parse(b)));
    }

    @Test
    void anyScientificChangeChangesTheId() {
        String a = "{\"inputDim\":40,\"source\":{\"samples\":30},\"target\":{\"samples\":16}}";
        String b = "{\"inputDim\":40,\"source\":{\"samples\":30},\"target\":{\"samples\":17}}";
        assertThat(JobId.of(SpecFixtures.parse(a))).isNotEqualTo(JobId.of(SpecFixtures.parse(b)));
    }

    @Test
    void aDrawAloneIsTheJobOfOneSeedStartingThere() {
        String three = "{\"inputDim\":40,\"source\":{\"samples\":30},\"target\":{\"samples\":16},\"seeds\":3}";
        String one = "{\"inputDim\":40,\"source\":{\"samples\":30},\"target\":{\"samples\":16},\"seeds\":1";
        // firstSeed 0 is the default, left out of the canonical text: ids from before the field still hold
        assertThat(JobId.of(SpecFixtures.parse(one + ",\"firstSeed\":0}"))).isEqualTo(JobId.of(SpecFixtures.parse(one + "}")));
        assertThat(JobId.of(SpecFixtures.parse(three).oneDraw(0))).isEqualTo(JobId.of(SpecFixtures.parse(one + "}")));
        assertThat(JobId.of(SpecFixtures.parse(three).oneDraw(2)))
                .isEqualTo(JobId.of(SpecFixtures.parse(one + ",\"firstSeed\":2}")))
                .isNotEqualTo(JobId.of(SpecFixtures.parse(three).oneDraw(1)));
    }

    @Test
    void engineVersionIsPartOfTheId() {
        String canonical = JobId.canonical(SpecFixtures.parse(SpecFixtures.LINEAR));
        assertThat(JobId.of(canonical, "1")).isNotEqualTo(JobId.of(canonical, "2"));
    }

    @Test
    void idsAreWellFormed() {
        String id = JobId.of(SpecFixtures.parse(SpecFixtures.LINEAR));
        assertThat(JobId.isWellFormed(id)).isTrue();
        assertThat(JobId.isWellFormed("../etc/passwd")).isFalse();
    }
}
