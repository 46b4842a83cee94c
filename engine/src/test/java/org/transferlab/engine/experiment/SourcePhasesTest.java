package org.transferlab.engine.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.transferlab.engine.run.CancellationToken;
import org.transferlab.engine.run.ProgressSink;
import org.transferlab.protocol.result.ResultRow;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.SpecJson;
import org.transferlab.protocol.spec.SpecValidator;
import org.transferlab.protocol.spec.SweepGrid;

/**
 * A sweep's points computed as separate jobs by one runner (what a worker does with a sweep's child
 * jobs) reuse the source phases the first point trained, and give the single job's numbers.
 */
class SourcePhasesTest {
    private static final String SWEEP = """
            {"network":{"activation":"linear","width":50},"inputDim":10,
             "source":{"samples":10,"steps":100},"target":{"samples":10,"steps":100,"task":{"alignment":0.8}},
             "protocols":["scratch","finetune","joint"],"methods":["theory","simulation"],"seeds":2,"curvePoints":5,
             "sweep":{"target.samples":[5,10,20]}}
            """;

    @Test
    void childJobsOfOneRunnerReuseSourcePhasesAndMatchTheSingleJob() {
        ExperimentSpec spec = SpecValidator.validated(SpecJson.parseSpec(SWEEP.getBytes(StandardCharsets.UTF_8)));
        List<ResultRow> single = run(new ExperimentRunner(), spec);

        ExperimentRunner worker = new ExperimentRunner();
        List<ResultRow> children = new ArrayList<>();
        for (SweepGrid.Point p : SweepGrid.expand(spec)) {
            children.addAll(run(worker, SpecValidator.validated(p.spec())));
        }
        // 3 points x 2 seeds: each seed's source flow and source network trained once, reused twice
        assertThat(worker.sourcePhaseStats()).isEqualTo("source phases reused: flows 4/6, networks 4/6, solvers 0/0");
        assertThat(children).hasSameSizeAs(single);
        for (int i = 0; i < single.size(); i++) {
            ResultRow a = single.get(i);
            ResultRow b = children.get(i);
            // a child's spec has no sweep, so its point holds nu1 and nu2 only: the parent adds the swept values
            assertThat(a.point()).containsAllEntriesOf(b.point());
            assertThat(withoutPoint(b)).isEqualTo(withoutPoint(a));
        }
    }

    private static List<ResultRow> run(ExperimentRunner runner, ExperimentSpec spec) {
        return runner.run("test", spec, ProgressSink.NONE, new CancellationToken()).rows();
    }

    private static ResultRow withoutPoint(ResultRow r) {
        return new ResultRow(null, r.protocol(), r.method(), r.testLoss(), r.testLossStdErr(), r.trainLoss(), r.seeds(),
                r.diagnostics(), r.steps(), r.testLossCurve(), r.testLossCurveStdErr(), r.preactivations(),
                r.alignmentCurve(), r.spectra());
    }
}
