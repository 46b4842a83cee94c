package org.transferlab.engine.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.transferlab.engine.data.DatasetLibrary;
import org.transferlab.engine.run.CancellationToken;
import org.transferlab.engine.run.ProgressSink;
import org.transferlab.engine.task.Hermite;
import org.transferlab.engine.task.Link;
import org.transferlab.protocol.result.JobResult;
import org.transferlab.protocol.result.ResultRow;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.SpecJson;
import org.transferlab.protocol.spec.SpecValidator;
import org.transferlab.protocol.spec.SweepGrid;

/**
 * One loss scale for every method: the untrained predictor f = 0 scores E[y^2]/Var(y) in the theory,
 * kernel and simulation rows, with E[y^2] and Var(y) integrated here numerically, not taken from the
 * engine's closed forms.
 */
class LossScaleTest {
    private static final int D = 8;

    private static ExperimentSpec spec(String json) {
        return SpecValidator.validated(SpecJson.parseSpec(json.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * E[g(z)] for z ~ N(0, s2) by composite Simpson on [-14 s, 14 s] with 20000 panels: for the
     * polynomials here the truncated tail is below 1e-30 and the quadrature error below 1e-12.
     */
    private static double gaussianMean(DoubleUnaryOperator g, double s2) {
        double s = Math.sqrt(s2);
        int n = 20000;
        double a = -14 * s;
        double h = 28 * s / n;
        double sum = 0;
        for (int i = 0; i <= n; i++) {
            double z = a + i * h;
            double weight = i == 0 || i == n ? 1 : i % 2 == 1 ? 4 : 2;
            sum += weight * g.applyAsDouble(z) * Math.exp(-z * z / (2 * s2));
        }
        return sum * h / 3 / Math.sqrt(2 * Math.PI * s2);
    }

    /** The target function as the spec defines it, written out here (He_k by its explicit formulas). */
    private static DoubleUnaryOperator target(String type, boolean centred, double s2) {
        DoubleUnaryOperator raw = switch (type) {
            case "linear" -> z -> z;
            case "quadratic" -> z -> z * z;
            case "hermite2" -> z -> (z * z - 1) / Math.sqrt(2);
            case "hermite3" -> z -> (z * z * z - 3 * z) / Math.sqrt(6);
            case "hermite4" -> z -> (Math.pow(z, 4) - 6 * z * z + 3) / Math.sqrt(24);
            default -> throw new IllegalArgumentException(type);
        };
        if (!centred) {
            return raw;
        }
        double mean = gaussianMean(raw, s2);
        return z -> raw.applyAsDouble(z) - mean;
    }

    private static String taskJson(String type, boolean centred) {
        String base = type.startsWith("hermite") ? "\"type\": \"hermite\", \"degree\": " + type.substring(7)
                : "\"type\": \"" + type + "\"";
        return base + ", \"centred\": " + centred;
    }

    @Test
    void closedFormMomentsMatchQuadrature() {
        for (double s2 : new double[] {1.0, 1.0 / D, 2.5}) {
            for (int k = 1; k <= 6; k++) {
                int degree = k;
                DoubleUnaryOperator he = z -> Hermite.normalised(degree, z);
                Link link = new Link.Hermite(k);
                assertThat(link.mean(s2)).as("He_%d mean, s2 = %s", k, s2).isCloseTo(gaussianMean(he, s2), within(1e-9));
                assertThat(link.secondMoment(s2)).as("He_%d second moment, s2 = %s", k, s2)
                        .isCloseTo(gaussianMean(z -> Math.pow(he.applyAsDouble(z), 2), s2), within(1e-9));
            }
            Link centred = Link.centred(new Link.Quadratic(), s2);
            assertThat(centred.mean(s2)).isCloseTo(0, within(1e-15));
            assertThat(centred.variance(s2)).isCloseTo(gaussianMean(z -> Math.pow(z * z - s2, 2), s2), within(1e-9));
        }
    }

    @ParameterizedTest(name = "{0} centred={1} {2}")
    @CsvSource({
        "linear, false, unitVariance", "linear, false, unitNorm",
        "quadratic, false, unitVariance", "quadratic, false, unitNorm",
        "quadratic, true, unitVariance", "quadratic, true, unitNorm",
        "hermite2, false, unitNorm", "hermite3, false, unitNorm", "hermite4, false, unitVariance",
        "hermite4, false, unitNorm", "hermite4, true, unitNorm"})
    void untrainedReluPredictorScoresSecondMomentOverVarianceInEveryMethod(String type, boolean centred, String norm) {
        // A huge target ridge pins the kernel row's fine-tuned readout at f = 0 (relative change ~ lambda_max/ridge
        // = 1e-8); the theory and simulation rows' first curve point is the centred output at t = 0, f = 0.
        String json = """
                {"network": {"activation": "relu", "width": 32}, "inputDim": %d,
                 "source": {"task": {"type": "linear"}, "samples": 12, "steps": 1},
                 "target": {"task": {%s, "alignment": 0.6}, "samples": 10, "steps": 1, "ridge": 1e8, "learningRate": 1e-9},
                 "testSamples": 400, "protocols": ["scratch", "finetune", "joint"], "methods": ["theory", "kernel", "simulation"],
                 "seeds": 1, "seed": 5, "curvePoints": 1, "theory": {"particles": 64, "teacherNorm": "%s"}}
                """.formatted(D, taskJson(type, centred), norm);
        ExperimentSpec s = spec(json);
        double s2 = "unitNorm".equals(norm) ? 1.0 / D : 1.0;
        DoubleUnaryOperator y = target(type, centred, s2);
        double mean = gaussianMean(y, s2);
        double variance = gaussianMean(z -> Math.pow(y.applyAsDouble(z) - mean, 2), s2);

        // the drawn test set's own E[y^2], so that the check is exact rather than up to sampling error
        PointParameters p = PointParameters.of(SweepGrid.expand(s).get(0));
        double[] test = ReluSeed.draw(p, 0, new DatasetLibrary()).data().test().clean();
        double sampleSecond = 0;
        for (double v : test) {
            sampleSecond += v * v / test.length;
        }
        double expected = sampleSecond / variance;

        JobResult r = new ExperimentRunner().run("scale", s, ProgressSink.NONE, new CancellationToken());
        List<String> checked = new ArrayList<>();
        for (ResultRow row : r.rows()) {
            double untrained = "kernel".equals(row.method()) ? row.testLoss() : row.testLossCurve().get(0);
            if ("kernel".equals(row.method()) && !"finetune".equals(row.protocol())) {
                continue; // scratch's lazy limit is ridgeless NTK0 regression: never f = 0
            }
            assertThat(untrained).as("%s %s", row.protocol(), row.method()).isCloseTo(expected, within(1e-6 * expected));
            checked.add(row.protocol() + "/" + row.method());
        }
        assertThat(checked).hasSize(7);
    }

    @ParameterizedTest
    @CsvSource({"unitVariance", "unitNorm"})
    void untrainedLinearPredictorScoresOneInEveryMethod(String norm) {
        String json = """
                {"network": {"activation": "linear", "width": 32}, "inputDim": %d,
                 "source": {"task": {"type": "linear"}, "samples": 12, "steps": 1},
                 "target": {"task": {"type": "linear", "alignment": 0.6}, "samples": 10, "steps": 1, "ridge": 1e8, "learningRate": 1e-9},
                 "testSamples": 400, "protocols": ["scratch", "finetune", "joint"], "methods": ["theory", "kernel", "simulation"],
                 "seeds": 1, "seed": 5, "curvePoints": 1, "theory": {"teacherNorm": "%s"}}
                """.formatted(D, norm);
        ExperimentSpec s = spec(json);
        double s2 = "unitNorm".equals(norm) ? 1.0 / D : 1.0;
        PointParameters p = PointParameters.of(SweepGrid.expand(s).get(0));
        double[] test = LinearSeed.draw(p, 0, new DatasetLibrary()).data().test().clean();
        double sampleSecond = 0;
        for (double v : test) {
            sampleSecond += v * v / test.length;
        }
        double expected = sampleSecond / gaussianMean(z -> z * z, s2);
        JobResult r = new ExperimentRunner().run("scale", s, ProgressSink.NONE, new CancellationToken());
        int checked = 0;
        for (ResultRow row : r.rows()) {
            if ("simulation".equals(row.method())) {
                assertThat(row.testLossCurve().get(0)).as("%s simulation", row.protocol()).isCloseTo(expected, within(1e-6));
                checked++;
            } else if ("theory".equals(row.method()) && "joint".equals(row.protocol())) {
                // the linear flow's loss |beta_f - beta_t|^2/D is a population expectation: E[y^2]/Var(y) = 1 exactly
                assertThat(row.testLossCurve().get(0)).as("joint theory").isCloseTo(1.0, within(1e-12));
                checked++;
            } else if ("kernel".equals(row.method()) && !"joint".equals(row.protocol())) {
                assertThat(row.testLoss()).as("%s kernel", row.protocol()).isCloseTo(expected, within(1e-6));
                checked++;
            }
        }
        assertThat(checked).isEqualTo(6);
    }
}
