package org.transferlab.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.transferlab.gateway.SweepChildren.Child;
import org.transferlab.protocol.JobId;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.SpecJson;
import org.transferlab.protocol.spec.SpecValidator;

/** Which specs become child jobs and which children they are, decided from the spec alone (no broker). */
class SweepChildrenTest {
    /**
     * A finite-width network heavy enough (by the cost model, above {@link SweepChildren#MIN_DRAW_FLOPS})
     * for each draw to be a job of its own; {@code sweep} is the JSON of the grid, or absent.
     */
    private static ExperimentSpec costly(int seeds, String sweep) {
        String json = """
                {"name":"split","network":{"activation":"linear","width":400},"inputDim":40,
                 "source":{"samples":80,"steps":1200},"target":{"samples":20,"task":{"alignment":0.7},"steps":1200},
                 "curvePoints":8,"seeds":%d,"seed":17%s}
                """.formatted(seeds, sweep == null ? "" : ",\"sweep\":" + sweep);
        return SpecValidator.validated(SpecJson.parseSpec(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aSweepOfTwoPointsWithThreeCostlySeedsIsSixChildrenWithDistinctIds() {
        ExperimentSpec spec = costly(3, "{\"target.task.alignment\":[0.0,0.5]}");
        assertThat(SweepChildren.isSplit(spec)).isTrue();
        List<Child> children = SweepChildren.of(spec);
        assertThat(children).hasSize(6);
        assertThat(children).extracting(Child::point).containsExactly(0, 0, 0, 1, 1, 1);
        assertThat(children).extracting(Child::draw).containsExactly(0, 1, 2, 0, 1, 2);
        assertThat(children).extracting(Child::jobId).doesNotHaveDuplicates();
        // a child's id is its own content id: an identical draw of any other job shares it
        assertThat(children).allSatisfy(c -> {
            assertThat(c.spec().seeds()).isEqualTo(1);
            assertThat(c.spec().sweep()).isNull();
            assertThat(c.jobId()).isEqualTo(JobId.of(c.spec()));
        });
        assertThat(children.get(3).values()).containsEntry("target.task.alignment", 0.5);
    }

    @Test
    void aCostlyManySeedJobIsOneChildPerDrawSharedWithALargerSeedCount() {
        List<Child> three = SweepChildren.of(costly(3, null));
        List<Child> four = SweepChildren.of(costly(4, null));
        assertThat(three).hasSize(3);
        // more seeds re-use the stored draws: the first three children are the same jobs
        assertThat(four.subList(0, 3)).extracting(Child::jobId)
                .containsExactlyElementsOf(three.stream().map(Child::jobId).toList());
    }

    @Test
    void aSingleSeedJobWithoutSweepIsNotSplit() {
        assertThat(SweepChildren.isSplit(costly(1, null))).isFalse();
        assertThat(SweepChildren.isSplit(null)).isFalse();
    }
}
