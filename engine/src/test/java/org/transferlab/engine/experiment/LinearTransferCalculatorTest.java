package org.transferlab.engine.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.transferlab.engine.run.CancellationToken;
import org.transferlab.engine.run.EngineException;
import org.transferlab.engine.run.ProgressSink;
import org.transferlab.protocol.FailureCode;
import org.transferlab.protocol.result.JobResult;
import org.transferlab.protocol.result.ResultRow;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.SpecJson;
import org.transferlab.protocol.spec.SpecValidator;

/**
 * The linear transfer experiment end to end through the runner: the three methods agree where the theory
 * says they must, sweeps reuse source phases without changing numbers, and what cannot be a number
 * (a divergent interpolation peak, an unstable step size) is reported instead of written.
 */
class LinearTransferCalculatorTest {

    private static ExperimentSpec spec(String json) {
        return SpecValidator.validated(SpecJson.parseSpec(json.getBytes(StandardCharsets.UTF_8)));
    }

    private static JobResult run(ExperimentSpec spec) {
        return new ExperimentRunner().run("test", spec, ProgressSink.NONE, new CancellationToken());
    }

    private static ResultRow row(JobResult r, String protocol, String method) {
        return r.rows().stream().filter(x -> x.protocol().equals(protocol) && x.method().equals(method)).findFirst().orElseThrow();
    }

    private static final String SMALL = """
            {"network": {"activation": "linear", "width": 800}, "inputDim": 40,
             "source": {"samples": 20, "gamma": 1.0, "steps": 800},
             "target": {"task": {"noise": 0.2, "alignment": 0.8}, "samples": 20, "gamma": 1.0, "steps": 800},
             "testSamples": 1000, "protocols": ["scratch", "finetune", "joint"],
             "methods": ["theory", "kernel", "simulation"], "seeds": 4, "seed": 7, "curvePoints": 20}
            """;

    @Test
    void simulationMatchesTheInfiniteWidthMethodsOnTheSameDraws() {
        JobResult r = run(spec(SMALL));
        assertThat(r.rows()).hasSize(9);
        // Kernel and simulation see the same seeds' data, so their difference is the finite-width error
        // alone. The network's kernel deviates from its N = infinity limit by O(sqrt(D/N)) ~ 0.2 relative
        // at D = 40, N = 800 (the spike chi ~ 3.4 itself is measured within 1%, see chi1Measured), and FT
        // or min-norm losses depend smoothly on it; 0.06 absolute is about three times the largest
        // deviation seen over seeds 1-7 (0.02) and well below the transfer gain being tested (~0.15).
        for (String protocol : List.of("scratch", "finetune")) {
            assertThat(row(r, protocol, "simulation").testLoss())
                    .isCloseTo(row(r, protocol, "kernel").testLoss(), within(0.06));
        }
        // Every row says where training ended: converged, with its training loss (kernel rows are the
        // fixed points themselves).
        for (ResultRow row : r.rows()) {
            assertThat(row.trainLoss()).as(row.protocol() + " " + row.method()).isNotNull();
            assertThat(row.diagnostics().get("converged")).as(row.protocol() + " " + row.method()).isEqualTo(1.0);
        }
        // Joint: the exact flow on the same data (theory) against GD at gamma2 = 1.
        assertThat(row(r, "joint", "simulation").testLoss()).isCloseTo(row(r, "joint", "theory").testLoss(), within(0.06));
        ResultRow sim = row(r, "finetune", "simulation");
        assertThat(sim.diagnostics().get("chi1Measured")).isCloseTo(sim.diagnostics().get("chi1"),
                within(0.05 * sim.diagnostics().get("chi1")));
        assertThat(sim.seeds()).isEqualTo(4);
        assertThat(sim.testLossStdErr()).isPositive();
        // Aligned tasks (alpha_s = 0.8): fine-tuning helps in every method.
        for (String method : List.of("theory", "kernel", "simulation")) {
            assertThat(row(r, "finetune", method).diagnostics().get("transferGain")).as(method).isPositive();
        }
    }

    @Test
    void jointTheoryCurveOverlaysTheSimulationCurveStepByStep() {
        JobResult r = run(spec(SMALL));
        ResultRow theory = row(r, "joint", "theory");
        ResultRow sim = row(r, "joint", "simulation");
        assertThat(theory.steps()).isEqualTo(sim.steps());
        // the axis is gradient-flow time: both end at the horizon the network reached
        assertThat(theory.steps().get(theory.steps().size() - 1)).isCloseTo(sim.diagnostics().get("time"), within(1e-9));
        // Same time axis t = eta * steps: the whole curve, not only its end, agrees within finite-width error.
        for (int k = 0; k < theory.steps().size(); k++) {
            assertThat(sim.testLossCurve().get(k)).as("step %s", theory.steps().get(k))
                    .isCloseTo(theory.testLossCurve().get(k), within(0.08));
        }
        // At step 0 both are the untrained target network (f = 0 after centring): loss = 1 (signal variance).
        assertThat(theory.testLossCurve().get(0)).isCloseTo(1.0, within(0.15));
    }

    @Test
    void proportionalTheoryIsTheLimitOfFiniteDimensionKernelRegression() {
        // D = 300: kernel regression on drawn data approaches the nu-limit formulas; the finite-D spread is
        // O(1/sqrt(D)) ~ 0.06 per draw, so 4 seeds and a 0.05 allowance.
        JobResult r = run(spec("""
                {"network": {"activation": "linear"}, "inputDim": 300,
                 "source": {"samples": 150, "gamma": 1.0},
                 "target": {"task": {"noise": 0.3, "alignment": 0.7}, "samples": 90},
                 "testSamples": 2000, "protocols": ["scratch", "finetune"],
                 "methods": ["theory", "kernel"], "seeds": 4, "seed": 3}
                """));
        for (String protocol : List.of("scratch", "finetune")) {
            assertThat(row(r, protocol, "kernel").testLoss()).as(protocol)
                    .isCloseTo(row(r, protocol, "theory").testLoss(), within(0.05));
            // The limit's training error: kernel ridge at P2 < D interpolates, the closed form says 0.
            assertThat(row(r, protocol, "kernel").trainLoss()).as(protocol)
                    .isCloseTo(row(r, protocol, "theory").trainLoss(), within(1e-6));
        }
        assertThat(row(r, "finetune", "kernel").diagnostics().get("alphaEff"))
                .isCloseTo(row(r, "finetune", "theory").diagnostics().get("alphaEff"), within(0.05));
    }

    @Test
    void aSweepReusesSourcePhasesWithoutChangingAnyNumber() {
        String base = """
                {"network": {"activation": "linear", "width": 200}, "inputDim": 20,
                 "source": {"samples": 10, "steps": 300}, "target": {"task": {"alignment": 0.6}, "samples": %s, "steps": 200},
                 "testSamples": 200, "protocols": ["finetune", "joint"], "methods": ["theory", "simulation"],
                 "seeds": 2, "curvePoints": 5 %s}
                """;
        JobResult swept = run(spec(base.formatted(10, ", \"sweep\": {\"target.samples\": [5, 30]}")));
        JobResult alone = run(spec(base.formatted(30, "")));
        List<ResultRow> sweptAt30 = swept.rows().stream().filter(x -> Integer.valueOf(30).equals(x.point().get("target.samples"))).toList();
        assertThat(sweptAt30).hasSameSizeAs(alone.rows());
        for (int i = 0; i < alone.rows().size(); i++) {
            assertThat(sweptAt30.get(i).testLoss()).isEqualTo(alone.rows().get(i).testLoss());
            assertThat(sweptAt30.get(i).testLossCurve()).isEqualTo(alone.rows().get(i).testLossCurve());
        }
        assertThat(sweptAt30.get(0).point()).containsEntry("nu2", 1.5).containsEntry("nu1", 0.5);
    }

    @Test
    void theCaptionsNegativeSpikeTransfersNegativelyAndIsFlagged() {
        // nu2 = 0.3: below the interpolation threshold the spike shapes what is learned (for ridgeless
        // nu2 > 1 the kernel's eigenvalues no longer matter at leading order and both errors coincide).
        String json = """
                {"network": {"activation": "linear"}, "inputDim": 100,
                 "source": {"samples": 50, "gamma": 0.9}, "target": {"task": {"noise": 0.5, "alignment": 0.8}, "samples": 30},
                 "protocols": ["scratch", "finetune"], "methods": ["theory"], "theory": {"chi": "%s", "teacherNorm": "unitNorm"}}
                """;
        ResultRow caption = row(run(spec(json.formatted("caption"))), "finetune", "theory");
        ResultRow derived = row(run(spec(json.formatted("gradientFlow"))), "finetune", "theory");
        assertThat(caption.diagnostics().get("chi1")).isCloseTo(Math.sqrt(1 - 0.81) - 1, within(1e-12));
        assertThat(caption.diagnostics()).containsEntry("negativeTransfer", 1.0);
        assertThat(caption.diagnostics().get("transferGain")).isNegative();
        assertThat(derived.diagnostics()).containsEntry("negativeTransfer", 0.0);
        assertThat(derived.diagnostics().get("transferGain")).isPositive();
    }

    @Test
    void theInterpolationPeakIsReportedNotWrittenAsInfinity() {
        JobResult r = run(spec("""
                {"network": {"activation": "linear"}, "inputDim": 50, "source": {"samples": 25},
                 "target": {"task": {"noise": 0.5}, "samples": 50}, "protocols": ["scratch", "finetune"], "methods": ["theory"]}
                """));
        ResultRow scratch = row(r, "scratch", "theory");
        assertThat(scratch.testLoss()).isNull();
        assertThat(scratch.diagnostics()).containsEntry("divergent", 1.0);
        String json = new String(SpecJson.write(r), StandardCharsets.UTF_8);
        assertThat(json).doesNotContain("NaN").doesNotContain("Infinity");
    }

    @Test
    void aStepSizeBeyondTheStabilityBoundIsRefusedWithTheNumbers() {
        ExperimentSpec s = spec("""
                {"network": {"activation": "linear", "width": 100}, "inputDim": 20, "source": {"samples": 10, "learningRate": 50.0},
                 "target": {"samples": 10}, "methods": ["simulation"], "seeds": 1}
                """);
        assertThatThrownBy(() -> run(s)).isInstanceOfSatisfying(EngineException.class, e -> {
            assertThat(e.code()).isEqualTo(FailureCode.INVALID_SPEC);
            assertThat(e.getMessage()).contains("learningRate").contains("stability bound");
        });
    }

    @Test
    void cancellationStopsTheJob() {
        CancellationToken token = new CancellationToken();
        token.cancel();
        assertThatThrownBy(() -> new ExperimentRunner().run("c", spec(SMALL), ProgressSink.NONE, token))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.code()).isEqualTo(FailureCode.CANCELLED));
    }

    @Test
    void costGrowsWithWidthAndSeeds() {
        var runner = new ExperimentRunner();
        double small = runner.estimate(spec(SMALL)).flops();
        double wide = runner.estimate(spec(SMALL.replace("\"width\": 800", "\"width\": 1600"))).flops();
        double seeds = runner.estimate(spec(SMALL.replace("\"seeds\": 4", "\"seeds\": 8"))).flops();
        assertThat(small).isPositive();
        assertThat(wide).isGreaterThan(1.8 * small);
        assertThat(seeds).isCloseTo(2 * small, within(0.01 * small));
        assertThat(runner.estimate(spec(SMALL.replace("\"width\": 800", "\"width\": 1600"))).memoryBytes())
                .isGreaterThan(runner.estimate(spec(SMALL)).memoryBytes());
    }
}
