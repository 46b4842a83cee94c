package org.transferlab.engine.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.transferlab.engine.run.CancellationToken;
import org.transferlab.engine.run.ProgressSink;
import org.transferlab.protocol.InvalidSpecException;
import org.transferlab.protocol.result.JobResult;
import org.transferlab.protocol.result.ResultRow;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.SpecJson;
import org.transferlab.protocol.spec.SpecValidator;

/** The ReLU transfer experiment through the runner: DMFT theory against finite-width networks. */
class ReluTransferCalculatorTest {

    private static ExperimentSpec spec(String json) {
        return SpecValidator.validated(SpecJson.parseSpec(json.getBytes(StandardCharsets.UTF_8)));
    }

    private static ResultRow row(JobResult r, String protocol, String method) {
        return r.rows().stream().filter(x -> x.protocol().equals(protocol) && x.method().equals(method)).findFirst().orElseThrow();
    }

    private static final String SPEC = """
            {"network": {"activation": "relu", "width": 1000}, "inputDim": 10,
             "source": {"task": {"type": "linear"}, "samples": 60, "gamma": 1.0, "steps": 300},
             "target": {"task": {"type": "hermite", "degree": 2, "alignment": 0.8}, "samples": 30, "gamma": 1.0, "steps": 300},
             "testSamples": 300, "protocols": ["scratch", "finetune", "joint"], "methods": ["theory", "kernel", "simulation"],
             "seeds": 2, "seed": 11, "curvePoints": 6, "theory": {"particles": 4000}}
            """;

    @Test
    void dmftTheoryAndFiniteWidthNetworksAgreeOnEveryProtocol() {
        JobResult r = new ExperimentRunner().run("relu", spec(SPEC), ProgressSink.NONE, new CancellationToken());
        for (String protocol : List.of("scratch", "finetune", "joint")) {
            ResultRow theory = row(r, protocol, "theory");
            ResultRow sim = row(r, protocol, "simulation");
            // Same draws, same step axis: both are width-1000 estimates (theory: 4 groups of 1000 particles)
            // of one infinite-width loss, so they differ by finite-width noise only. The per-seed spread
            // (standard errors ~0.02-0.05 here) bounds it; allow four combined errors plus 0.03 for the
            // O(1/N) bias that two seeds cannot resolve.
            double se = Math.hypot(orZero(theory.testLossStdErr()), orZero(sim.testLossStdErr()));
            assertThat(Math.abs(theory.testLoss() - sim.testLoss())).as(protocol).isLessThan(4 * se + 0.03);
            assertThat(theory.steps()).as(protocol).isEqualTo(sim.steps());
            assertThat(theory.diagnostics()).containsKey("monteCarloStdErr");
        }
        // The kernel row of fine-tuning is the t -> infinity limit of the theory's readout dynamics: kernel
        // regression with Phi_1 of all particles (not necessarily lower: stopping at finite time regularises).
        assertThat(row(r, "finetune", "kernel").testLoss())
                .isCloseTo(row(r, "finetune", "theory").diagnostics().get("kernelLimit"), within(1e-12));
        // Lazy scratch: NTK0 regression exists and is a loss (target variance 1, P2 = 30 < quadratic modes).
        assertThat(row(r, "scratch", "kernel").testLoss()).isBetween(0.3, 1.5);
    }

    @Test
    void aReluNetworkCannotUseTheLinearOnlyNoiseDirection() {
        assertThatThrownBy(() -> spec(SPEC.replace("\"alignment\": 0.8}", "\"alignment\": 0.8, \"noiseAlignment\": 0.1}")))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("noiseAlignment");
    }

    private static double orZero(Double v) {
        return v == null ? 0 : v;
    }
}
