package org.transferlab.engine.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.transferlab.engine.run.CancellationToken;
import org.transferlab.engine.run.ProgressSink;
import org.transferlab.protocol.result.ResultRow;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.SpecJson;
import org.transferlab.protocol.spec.SpecValidator;

/**
 * A many-seed job computed as one job per draw and combined gives the rows the engine computes for the
 * whole job: the same draws, the same rates, and the same arithmetic over seeds, so the rows are equal,
 * not merely close.
 */
class SeedCombinerTest {
    private static final String LINEAR = """
            {"network": {"activation": "linear", "width": 40}, "inputDim": 12,
             "source": {"task": {"type": "linear"}, "samples": 24, "gamma": 1.0, "steps": 150},
             "target": {"task": {"type": "linear", "alignment": 0.7}, "samples": 10, "gamma": 1.0, "steps": 150},
             "testSamples": 100, "protocols": ["finetune", "scratch", "joint"],
             "methods": ["theory", "kernel", "simulation"], "seeds": 3, "seed": 5, "curvePoints": 5}
            """;
    private static final String RELU = """
            {"network": {"activation": "relu", "width": 30}, "inputDim": 6,
             "source": {"task": {"type": "linear"}, "samples": 20, "gamma": 1.0, "steps": 80},
             "target": {"task": {"type": "hermite", "degree": 2, "alignment": 0.8}, "samples": 12, "gamma": 1.0, "steps": 80},
             "testSamples": 60, "protocols": ["scratch", "finetune", "joint"], "methods": ["theory", "kernel", "simulation"],
             "seeds": 3, "seed": 9, "curvePoints": 4, "theory": {"particles": 64}}
            """;

    @ParameterizedTest
    @ValueSource(strings = {LINEAR, RELU})
    void drawsComputedAsJobsOfOneSeedCombineToTheManySeedJobsRows(String json) {
        ExperimentSpec spec = SpecValidator.validated(SpecJson.parseSpec(json.getBytes(StandardCharsets.UTF_8)));
        List<ResultRow> whole = run(spec);
        List<List<ResultRow>> draws = new ArrayList<>();
        for (int i = 0; i < spec.seeds(); i++) {
            draws.add(run(SpecValidator.validated(spec.oneDraw(i))));
        }
        List<ResultRow> combined = SeedCombiner.combine(draws);
        assertThat(combined).hasSameSizeAs(whole);
        for (int i = 0; i < whole.size(); i++) {
            assertThat(combined.get(i)).as(whole.get(i).protocol() + " " + whole.get(i).method()).isEqualTo(whole.get(i));
        }
        assertThat(combined).anyMatch(r -> r.seeds() == 3 && r.testLossStdErr() != null);
    }

    @ParameterizedTest
    @ValueSource(strings = {LINEAR})
    void onlyTheFirstDrawReportsTheSeedIndependentClosedForms(String json) {
        ExperimentSpec spec = SpecValidator.validated(SpecJson.parseSpec(json.getBytes(StandardCharsets.UTF_8)));
        List<ResultRow> first = run(SpecValidator.validated(spec.oneDraw(0)));
        List<ResultRow> second = run(SpecValidator.validated(spec.oneDraw(1)));
        assertThat(first.stream().filter(r -> r.method().equals("theory"))).hasSize(3);
        assertThat(second.stream().filter(r -> r.method().equals("theory")).map(ResultRow::protocol)).containsExactly("joint");
    }

    private static List<ResultRow> run(ExperimentSpec spec) {
        return new ExperimentRunner().run("seeds", spec, ProgressSink.NONE, new CancellationToken()).rows();
    }
}
