package org.transferlab.protocol;

import java.nio.charset.StandardCharsets;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.SpecJson;

/** Specs used across the protocol tests. */
final class SpecFixtures {
    static final String LINEAR = """
            {"experiment":"transfer","network":{"activation":"linear","width":500},"inputDim":40,
             "source":{"task":{"type":"linear","noise":0.0},"samples":30,"gamma":1.0},
             "target":{"task":{"type":"linear","alignment":0.6},"samples":16,"gamma":0.5},
             "methods":["theory"],"seeds":2}
            """;

    private SpecFixtures() {
    }

    static ExperimentSpec parse(String json) {
        return SpecJson.parseSpec(json.getBytes(StandardCharsets.UTF_8));
    }
}
