package org.transferlab.engine.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.transferlab.engine.run.CancellationToken;
import org.transferlab.engine.run.ProgressSink;
import org.transferlab.protocol.result.JobResult;
import org.transferlab.protocol.result.KernelSpectra;
import org.transferlab.protocol.result.ResultRow;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.SpecJson;
import org.transferlab.protocol.spec.SpecValidator;

/**
 * The particle theory and the networks report their kernels' alignment over time and spectra in the
 * rows (the bayes rows' spectra: {@code BayesTheoryTest}).
 */
class KernelRecordRowsTest {
    private static ExperimentSpec spec(String json) {
        return SpecValidator.validated(SpecJson.parseSpec(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void reluRowsCarryAlignmentCurvesAndSpectra() {
        JobResult r = new ExperimentRunner().run("records", spec("""
                {"network": {"activation": "relu", "width": 256}, "inputDim": 8,
                 "source": {"task": {"type": "linear"}, "samples": 24, "time": 20},
                 "target": {"task": {"type": "quadratic", "alignment": 0.8}, "samples": 16, "time": 20},
                 "testSamples": 50, "methods": ["theory", "simulation"], "seeds": 2, "curvePoints": 5,
                 "theory": {"particles": 256}}"""),
                ProgressSink.NONE, new CancellationToken());
        for (ResultRow row : r.rows()) {
            String what = row.protocol() + " " + row.method();
            KernelSpectra spectra = row.spectra();
            assertThat(spectra).as(what).isNotNull();
            // shares of the trace: positive, largest first, and at most the whole trace together
            // P2 = 16 points: all 16 eigenvalues, fewer than the top 20 kept
            assertThat(spectra.target()).as(what).hasSize(16).isSortedAccordingTo((a, b) -> Double.compare(b, a));
            assertThat(spectra.target().stream().mapToDouble(Double::doubleValue).sum()).as(what).isBetween(0.0, 1.0 + 1e-12);
            if ("scratch".equals(row.protocol())) {
                assertThat(spectra.source()).as(what + ": scratch has no source").isNull();
            } else {
                assertThat(spectra.source()).as(what).hasSize(16);
            }
            if ("finetune".equals(row.protocol())) {
                // frozen features: the target kernel is the source kernel (seed means of the same numbers)
                for (int k = 0; k < 16; k++) {
                    assertThat(spectra.target().get(k)).as(what).isCloseTo(spectra.source().get(k), within(1e-9));
                }
            }
            assertThat(row.alignmentCurve()).as(what).hasSameSizeAs(row.steps()).doesNotContainNull();
            assertThat(row.alignmentCurve()).as(what).allSatisfy(a -> assertThat(a).isBetween(0.0, 1.0));
            if ("finetune".equals(row.protocol())) {
                assertThat(row.alignmentCurve()).as(what + ": frozen features").containsOnly(row.alignmentCurve().get(0));
            }
        }
        assertThat(r.rows()).extracting(ResultRow::method).contains("theory", "simulation");
    }
}
