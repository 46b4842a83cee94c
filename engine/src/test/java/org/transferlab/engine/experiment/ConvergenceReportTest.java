package org.transferlab.engine.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.transferlab.engine.run.CancellationToken;
import org.transferlab.engine.run.ProgressSink;
import org.transferlab.protocol.result.JobResult;
import org.transferlab.protocol.result.ResultRow;
import org.transferlab.protocol.spec.SpecJson;
import org.transferlab.protocol.spec.SpecValidator;

/** Every row says whether its training converged; the engine never refuses a rate it chose itself. */
class ConvergenceReportTest {
    private static final String LAZY = """
            {"network": {"activation": "relu", "width": 200}, "inputDim": 16,
             "source": {"task": {"type": "linear"}, "samples": 32, "gamma": 0.05, "time": %s},
             "target": {"task": {"type": "quadratic", "alignment": 0.8, "centred": true}, "samples": 16, "gamma": 0.05,
                        "time": %s, "untilConverged": true},
             "testSamples": 100, "protocols": ["scratch", "finetune", "joint"], "methods": ["theory", "simulation"],
             "seeds": 1, "seed": 4, "curvePoints": 5, "theory": {"particles": 256}}
            """;

    private static JobResult run(String time) {
        String json = LAZY.formatted(time, time);
        return new ExperimentRunner().run("lazy", SpecValidator.validated(SpecJson.parseSpec(json.getBytes(StandardCharsets.UTF_8))),
                ProgressSink.NONE, new CancellationToken());
    }

    @Test
    void lazyPhasesWithTheEnginesRatesRunAndConverge() {
        // gamma1 = gamma2 = 0.05 at D = 16 once failed with INVALID_SPEC: the chosen rate was past the engine's
        // own (looser) bound. Now every phase runs, reaches the default tolerance within t = 500, and says so.
        JobResult r = run("500");
        assertThat(r.rows()).hasSize(6);
        for (ResultRow row : r.rows()) {
            assertThat(row.diagnostics().get("converged")).as("%s %s", row.protocol(), row.method()).isEqualTo(1.0);
            assertThat(row.trainLoss()).as("%s %s", row.protocol(), row.method()).isLessThanOrEqualTo(1e-4);
        }
        assertThat(r.notes()).isEmpty();
    }

    @Test
    void aPhaseCutShortIsReportedNotSilent() {
        JobResult r = run("0.5");
        for (ResultRow row : r.rows()) {
            assertThat(row.diagnostics().get("converged")).as("%s %s", row.protocol(), row.method()).isZero();
            assertThat(row.diagnostics().get("time")).as("%s %s", row.protocol(), row.method()).isCloseTo(0.5, within(1e-9));
        }
        assertThat(r.notes()).hasSize(6).allSatisfy(n -> assertThat(n).startsWith("not converged"));
    }
}
