package org.transferlab.engine.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.transferlab.engine.run.CancellationToken;
import org.transferlab.engine.run.ProgressSink;
import org.transferlab.protocol.InvalidSpecException;
import org.transferlab.protocol.result.Density;
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
            {"network": {"activation": "relu", "width": %d}, "inputDim": 10,
             "source": {"task": {"type": "linear"}, "samples": 60, "gamma": 1.0, "steps": 300},
             "target": {"task": {"type": "hermite", "degree": 2, "alignment": 0.8}, "samples": 30, "gamma": 1.0, "steps": 300},
             "testSamples": 300, "protocols": ["scratch", "finetune", "joint"], "methods": ["theory", "kernel", "simulation"],
             "seeds": 2, "seed": 11, "curvePoints": 6, "theory": {"particles": %d}}
            """;

    @ParameterizedTest
    @ValueSource(ints = {250, 1000})
    void dmftTheoryAndFiniteWidthNetworksAgreeOnEveryProtocol(int width) {
        // Theory groups as wide as the networks: 4 groups of `width` particles.
        JobResult r = new ExperimentRunner().run("relu", spec(SPEC.formatted(width, 4 * width)), ProgressSink.NONE,
                new CancellationToken());
        for (String protocol : List.of("scratch", "finetune", "joint")) {
            ResultRow theory = row(r, protocol, "theory");
            ResultRow sim = row(r, protocol, "simulation");
            // Same draws, same step axis: both are width-N estimates of one infinite-width loss, so the gap
            // is finite-width noise only (the data's seed-to-seed spread is common to both and cancels).
            // The theory's 4 groups give its Monte-Carlo error m (standard error of their mean); one network
            // of the same width fluctuates like one group, 2m; over 2 seeds the gap's standard deviation
            // is sqrt((m^2 + 4 m^2)/2) = 1.6 m. Four of those, plus 0.25/sqrt(N) for the O(1/N) bias the
            // groups cannot show: the tolerance shrinks with width (joint: 0.09 at N = 250, 0.04 at N = 1000).
            double m = theory.diagnostics().get("monteCarloStdErr");
            double gap = Math.abs(theory.testLoss() - sim.testLoss());
            double tolerance = 4 * 1.6 * m + 0.25 / Math.sqrt(width);
            System.out.printf("N = %d, %s: theory %.4f, simulation %.4f, gap %.4f, tolerance %.4f%n", width, protocol,
                    theory.testLoss(), sim.testLoss(), gap, tolerance);
            assertThat(gap).as(protocol).isLessThan(tolerance);
            assertThat(theory.steps()).as(protocol).isEqualTo(sim.steps());
            assertThat(theory.diagnostics()).containsKey("monteCarloStdErr");
        }
        // The kernel row of fine-tuning is the t -> infinity limit of the theory's readout dynamics: kernel
        // regression with Phi_1 of all particles (not necessarily lower: stopping at finite time regularises).
        assertThat(row(r, "finetune", "kernel").testLoss())
                .isCloseTo(row(r, "finetune", "theory").diagnostics().get("kernelLimit"), within(1e-12));
        for (String protocol : List.of("scratch", "finetune")) {
            ResultRow kernel = row(r, protocol, "kernel");
            System.out.printf("N = %d, %s kernel regression %.4f, learning-curve theory %.4f%n", width, protocol,
                    kernel.testLoss(), kernel.diagnostics().get("learningCurveTheory"));
        }
        // The spectral learning curve (THEORY 2.7, spectra estimated on the test points) ranks the two kernels as
        // the regressions do: the adapted Phi_1 learns this target better than NTK0. At P2 = 30 it is a
        // typical-case estimate with O(1/P2) corrections (0.82 vs 0.93 and 0.56-0.59 vs 0.72 here), so only
        // the ordering and the range are asserted; its exact values are tested in LearningCurveTest.
        double scratchCurve = row(r, "scratch", "kernel").diagnostics().get("learningCurveTheory");
        double finetuneCurve = row(r, "finetune", "kernel").diagnostics().get("learningCurveTheory");
        assertThat(finetuneCurve).isPositive().isLessThan(scratchCurve);
        assertThat(scratchCurve).isLessThan(1.5);
        // Figure 4c's quantity: the trained target model's preactivation density, from the particles and from the
        // networks, each a probability density (mass inside the bins plus the reported outside fractions is 1).
        Density theoryH = row(r, "joint", "theory").preactivations();
        Density networkH = row(r, "joint", "simulation").preactivations();
        double bin = (theoryH.high() - theoryH.low()) / theoryH.density().size();
        double l1 = 0;
        double mass = 0;
        for (int b = 0; b < theoryH.density().size(); b++) {
            l1 += Math.abs(theoryH.density().get(b) - networkH.density().get(b)) * bin;
            mass += networkH.density().get(b) * bin;
        }
        assertThat(mass + networkH.belowFraction() + networkH.aboveFraction()).isCloseTo(1.0, within(1e-9));
        System.out.printf("N = %d, joint preactivation densities: L1 distance %.4f%n", width, l1);
        // 4N particles against 2 networks of N units over 300 test points: a sampling distance of about 0.015 at
        // N = 250 and 0.008 at N = 1000 (measured); 0.05 leaves room for other draws.
        assertThat(l1).isLessThan(0.05);
        // Lazy scratch: NTK0 regression exists and is a loss (target variance 1, P2 = 30 < quadratic modes).
        assertThat(row(r, "scratch", "kernel").testLoss()).isBetween(0.3, 1.5);
    }

    @Test
    void aReluNetworkCannotUseTheLinearOnlyNoiseDirection() {
        assertThatThrownBy(() -> spec(SPEC.formatted(100, 400).replace("\"alignment\": 0.8}", "\"alignment\": 0.8, \"noiseAlignment\": 0.1}")))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("noiseAlignment");
    }

    private static double orZero(Double v) {
        return v == null ? 0 : v;
    }
}
