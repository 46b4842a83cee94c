package org.transferlab.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.SweepGrid;

class SweepGridTest {

    @Test
    void expandsTheCartesianProductLastKeyFastest() {
        ExperimentSpec spec = SpecFixtures.parse(SpecFixtures.LINEAR.replace("\"seeds\":2",
                "\"seeds\":2,\"sweep\":{\"target.samples\":[8,16,32],\"target.task.alignment\":[0.0,0.9]}"));
        List<SweepGrid.Point> points = SweepGrid.expand(spec);
        assertThat(SweepGrid.size(spec)).isEqualTo(6);
        assertThat(points).hasSize(6);
        assertThat(points.get(1).spec().target().samples()).isEqualTo(8);
        assertThat(points.get(1).spec().target().task().alignment()).isEqualTo(0.9);
        assertThat(points.get(5).spec().target().samples()).isEqualTo(32);
        assertThat(points.get(5).values()).containsEntry("target.samples", 32);
        assertThat(points).allSatisfy(p -> assertThat(p.spec().sweep()).isNull());
    }

    @Test
    void aSpecWithoutSweepIsOnePoint() {
        assertThat(SweepGrid.expand(SpecFixtures.parse(SpecFixtures.LINEAR))).singleElement()
                .satisfies(p -> assertThat(p.values()).isEmpty());
    }
}
