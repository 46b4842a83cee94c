package org.transferlab.engine.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.transferlab.engine.data.DatasetLibrary;
import org.transferlab.engine.kernel.ArcCosineKernels;
import org.transferlab.engine.kernel.InputKernels;
import org.transferlab.engine.kernel.KernelRidge;
import org.transferlab.engine.linalg.Matrix;
import org.transferlab.engine.run.CancellationToken;
import org.transferlab.engine.run.ProgressSink;
import org.transferlab.engine.task.Dataset;
import org.transferlab.engine.task.TransferData;
import org.transferlab.engine.theory.spectral.TopEigenvalues;
import org.transferlab.protocol.result.JobResult;
import org.transferlab.protocol.result.KernelSpectra;
import org.transferlab.protocol.result.ResultRow;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.SpecJson;
import org.transferlab.protocol.spec.SpecValidator;
import org.transferlab.protocol.spec.SweepGrid;

/**
 * The {@code bayes} method against computations that share none of its code: NNGP kernel regression
 * (arc-cosine Phi0) in the lazy limit, and the linear network's closed-form posterior kernel
 * K + chi_B u u^T with chi_B (1 + chi_B) = gamma^2 |beta_f|^2 (THEORY 2.6.2) at finite gamma.
 */
class BayesTheoryTest {
    private static final CancellationToken GO = new CancellationToken();

    private static ExperimentSpec spec(String json) {
        return SpecValidator.validated(SpecJson.parseSpec(json.getBytes(StandardCharsets.UTF_8)));
    }

    private static ResultRow row(JobResult r, String protocol) {
        return r.rows().stream().filter(x -> x.protocol().equals(protocol) && x.method().equals("bayes")).findFirst()
                .orElseThrow();
    }

    /**
     * The check of a Monte-Carlo estimate: within four of its reported errors, the reported error
     * itself from four sample groups (three degrees of freedom, so it can be half the true one: four
     * of them still cover two true standard errors), plus an absolute floor of 1e-3 of the loss scale
     * for the ridge-1/beta regression's rounding.
     */
    private static void withinMonteCarlo(ResultRow row, double exact) {
        double err = row.diagnostics().get("monteCarloStdErr");
        System.out.printf("bayes %s: %.5f +- %.5f, independent %.5f%n", row.protocol(), row.testLoss(), err, exact);
        assertThat(row.diagnostics().get("converged")).isEqualTo(1.0);
        assertThat(err).as("Monte-Carlo error reported").isPositive();
        assertThat(row.testLoss()).as(row.protocol()).isCloseTo(exact, within(4 * err + 1e-3));
    }

    @Test
    void lazyLimitIsNngpKernelRegressionForEveryProtocol() {
        // gamma1 = gamma2 = 1e-3: the tilt exp((gamma^2/2)(a.phi)^2) is 1 + O(1e-6), so every posterior
        // kernel is the prior's Phi0, and finetune, joint (delta = 0) and scratch all regress on Phi0
        ExperimentSpec s = spec("""
                {"network": {"activation": "relu"}, "inputDim": 10,
                 "source": {"task": {"type": "linear"}, "samples": 16, "gamma": 0.001},
                 "target": {"task": {"type": "quadratic", "alignment": 0.8}, "samples": 12, "gamma": 0.001},
                 "testSamples": 200, "protocols": ["scratch", "finetune", "joint"], "methods": ["bayes"],
                 "seeds": 1, "seed": 3, "theory": {"bayes": {"samples": 20000, "conditionalSamples": 2}}}""");
        PointParameters p = PointParameters.of(SweepGrid.expand(s).get(0));
        TransferData data = ReluSeed.draw(p, 0, new DatasetLibrary()).data();
        Dataset target = data.target();
        Dataset test = data.test();
        double ridge = 1.0 / 1000; // the default beta
        double exact = KernelRidge.fit(ArcCosineKernels.between(target.x(), target.x()).phi0(), target.y(), ridge)
                .testMse(ArcCosineKernels.between(test.x(), target.x()).phi0(), test.clean()) / p.lossScale(data);

        JobResult r = new ExperimentRunner().run("bayes-lazy", s, ProgressSink.NONE, GO);
        for (String protocol : new String[] {"scratch", "finetune", "joint"}) {
            withinMonteCarlo(row(r, protocol), exact);
        }
        assertThat(r.notes()).isEmpty();
        // the kernels regressed with: Phi0 for all, so every spectrum is Phi0's on X2 within the
        // Monte-Carlo scatter of 20000 samples (kernel entries to ~2 / sqrt(S), shares of the trace likewise)
        double[] phi0 = TopEigenvalues.overTrace(ArcCosineKernels.between(target.x(), target.x()).phi0(), KernelSpectra.TOP);
        assertThat(row(r, "scratch").spectra().source()).isNull();
        for (String protocol : new String[] {"scratch", "finetune", "joint"}) {
            List<Double> spectrum = row(r, protocol).spectra().target();
            assertThat(spectrum).hasSize(phi0.length);
            for (int k = 0; k < phi0.length; k++) {
                assertThat(spectrum.get(k)).as("%s share %d", protocol, k).isCloseTo(phi0[k], within(4 / Math.sqrt(20000)));
            }
        }
        assertThat(row(r, "finetune").spectra().source()).isEqualTo(row(r, "finetune").spectra().target());
    }

    @Test
    void linearNetworkPosteriorIsTheSpikedKernelRegression() {
        // P < D, beta = 1e6: the posterior mean interpolates with Phi = K + chi_B (X u)(X u)^T / D, u along
        // the minimum-norm interpolant beta_f of the phase's own labels (the source's for finetune)
        String json = """
                {"network": {"activation": "linear"}, "inputDim": 20,
                 "source": {"task": {"type": "linear"}, "samples": 10, "gamma": %s},
                 "target": {"task": {"type": "linear", "alignment": 0.7}, "samples": 8, "gamma": %s},
                 "testSamples": 200, "protocols": ["scratch", "finetune"], "methods": ["bayes"],
                 "seeds": 1, "seed": 11, "theory": {"bayes": {"samples": 30000, "beta": 1e6}}}""";
        PointParameters probe = PointParameters.of(SweepGrid.expand(spec(json.formatted(0.1, 0.1))).get(0));
        TransferData data = LinearSeed.draw(probe, 0, new DatasetLibrary()).data();
        double[] beta1 = minNormInterpolant(data.source());
        double[] beta2 = minNormInterpolant(data.target());
        // gammas for chi_B = 0.5 on either phase: gamma^2 |beta_f|^2 = chi_B (1 + chi_B) = 0.75
        double chi = 0.5;
        double gamma1 = Math.sqrt(chi * (1 + chi) / dot(beta1, beta1));
        double gamma2 = Math.sqrt(chi * (1 + chi) / dot(beta2, beta2));
        ExperimentSpec s = spec(json.formatted(gamma1, gamma2));
        double scale = probe.lossScale(data);

        JobResult r = new ExperimentRunner().run("bayes-linear", s, ProgressSink.NONE, GO);
        withinMonteCarlo(row(r, "finetune"), spikedRegression(data, chi, beta1) / scale);
        withinMonteCarlo(row(r, "scratch"), spikedRegression(data, chi, beta2) / scale);
    }

    @Test
    void anUnreachedSaddleGivesNoLossAndANoteNamingTheGammaField() {
        ExperimentSpec s = spec("""
                {"network": {"activation": "relu"}, "inputDim": 10,
                 "source": {"task": {"type": "linear"}, "samples": 10},
                 "target": {"task": {"type": "linear"}, "samples": 10, "gamma": 40},
                 "testSamples": 50, "protocols": ["scratch"], "methods": ["bayes"],
                 "seeds": 1, "theory": {"bayes": {"samples": 1000}}}""");
        JobResult r = new ExperimentRunner().run("bayes-unreached", s, ProgressSink.NONE, GO);
        ResultRow scratch = row(r, "scratch");
        assertThat(scratch.testLoss()).isNull();
        assertThat(scratch.diagnostics()).containsEntry("converged", 0.0);
        assertThat(r.notes()).anySatisfy(n -> assertThat(n).contains("bayes scratch").contains("lower target.gamma"));
    }

    @Test
    void costGrowsWithTheSamples() {
        String json = """
                {"network": {"activation": "relu"}, "inputDim": 30, "source": {"samples": 100}, "target": {"samples": 50},
                 "methods": ["bayes"], "theory": {"bayes": {"samples": %d}}}""";
        double small = CostModel.estimate(spec(json.formatted(4096)), OptionalInt.empty()).flops();
        double large = CostModel.estimate(spec(json.formatted(40960)), OptionalInt.empty()).flops();
        // sampling and every fixed-point pass are linear in S; only the n^3 square root is not
        assertThat(large / small).isBetween(8.0, 10.0);
    }

    /** beta_f = X^T (X X^T / D)^{-1} y / sqrt(D): the minimum-norm beta with X beta / sqrt(D) = y. */
    private static double[] minNormInterpolant(Dataset d) {
        Matrix x = d.x();
        double[] a = KernelRidge.fit(InputKernels.linear(x, x), d.y(), 1e-12).coefficients();
        double[] beta = new double[x.cols()];
        for (int i = 0; i < x.rows(); i++) {
            for (int j = 0; j < x.cols(); j++) {
                beta[j] += x.get(i, j) * a[i] / Math.sqrt(x.cols());
            }
        }
        return beta;
    }

    /** Test MSE of regression on the target set with x^T (I + chi u u^T) x' / D, ridge 1e-6 (beta = 1e6). */
    private static double spikedRegression(TransferData data, double chi, double[] u) {
        Matrix x2 = data.target().x();
        Matrix xt = data.test().x();
        return KernelRidge.fit(InputKernels.spikedLinear(x2, x2, chi, u), data.target().y(), 1e-6)
                .testMse(InputKernels.spikedLinear(xt, x2, chi, u), data.test().clean());
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
