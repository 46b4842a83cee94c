package org.transferlab.engine.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.transferlab.engine.linalg.LeastSquares;
import org.transferlab.engine.linalg.Matrix;
import org.transferlab.engine.linalg.Vectors;
import org.transferlab.engine.run.EngineException;
import org.transferlab.protocol.FailureCode;

class TaskTest {
    @Test
    void targetTeacherHasTheRequestedAlignmentAndScale() {
        TransferTaskSpec spec = TransferTaskSpec.linear(40, 30, 10, 10, 0.6);
        TransferData data = TransferDataGenerator.generate(spec, 3);
        double[] bs = data.sourceTeacher().beta();
        double[] bt = data.targetTeacher().beta();
        assertThat(Vectors.dot(bs, bs)).isCloseTo(40, within(1e-9));
        assertThat(Vectors.dot(bt, bt)).isCloseTo(40, within(1e-9));
        assertThat(Vectors.dot(bs, bt) / 40).isCloseTo(0.6, within(1e-12));
    }

    @Test
    void unitNormTeachersAreUnitVectors() {
        TransferTaskSpec spec = new TransferTaskSpec(25, 10, 10, 10, new Link.Identity(), new Link.Identity(), 0.3, 0, 0, 0,
                TeacherNormalisation.UNIT_NORM, false);
        TransferData data = TransferDataGenerator.generate(spec, 1);
        assertThat(Vectors.norm(data.sourceTeacher().beta())).isCloseTo(1, within(1e-12));
        assertThat(Vectors.norm(data.targetTeacher().beta())).isCloseTo(1, within(1e-12));
    }

    @Test
    void noiseDirectionIsUnitOrthogonalAndSpansTheSourceLearnedDirection() {
        // P1 < D with label noise: beta_f1 = X1^+ y1 lies in the source row space but beta_s does not.
        int d = 30;
        TransferTaskSpec spec = TransferTaskSpec.linear(d, 12, 10, 10, 0.5).withNoise(0.3, 0).withNoiseAlignment(0.4);
        TransferData data = TransferDataGenerator.generate(spec, 11);
        NoiseDirection noise = data.noise();
        double[] g = noise.unit();
        double[] bs = data.sourceTeacher().beta();
        double[] bt = data.targetTeacher().beta();
        assertThat(Vectors.norm(g)).isCloseTo(1, within(1e-12));
        assertThat(Vectors.dot(g, bs)).isCloseTo(0, within(1e-10));
        assertThat(Vectors.dot(Vectors.unit(bt), g)).isCloseTo(0.4, within(1e-10));
        assertThat(Vectors.dot(Vectors.unit(bt), Vectors.unit(bs))).isCloseTo(0.5, within(1e-10));

        // beta_f1 is the min-norm interpolant of the noisy source labels: in the row space of X1.
        Matrix x1 = data.source().x();
        double[] betaF1 = noise.sourceLearnedBeta();
        double[] fit = x1.times(betaF1);
        for (int i = 0; i < fit.length; i++) {
            assertThat(fit[i] / Math.sqrt(d)).isCloseTo(data.source().y()[i], within(1e-9));
        }
        assertThat(distanceToRowSpace(x1, betaF1)).isLessThan(1e-9);
        // g_hat is beta_f1 with its beta_s part removed: in span(row space of X1, beta_s), and
        // beta_f1 = (beta_f1.s_hat) s_hat + (beta_f1.g_hat) g_hat exactly.
        double[] sHat = Vectors.unit(bs);
        double[] rebuilt = Vectors.scaled(sHat, Vectors.dot(betaF1, sHat));
        Vectors.addScaled(rebuilt, Vectors.dot(betaF1, g), g);
        for (int j = 0; j < d; j++) {
            assertThat(rebuilt[j]).isCloseTo(betaF1[j], within(1e-9));
        }
        // When P1 < D, g_hat is orthogonal to beta_s, so it is NOT inside the row space (beta_s is not).
        assertThat(distanceToRowSpace(x1, g)).isGreaterThan(0.1);
    }

    @Test
    void noiseDirectionIsUndefinedForCleanPlentifulSourceAndThenRefused() {
        TransferTaskSpec spec = TransferTaskSpec.linear(10, 40, 10, 10, 0.5).withNoiseAlignment(0.2);
        assertThatThrownBy(() -> TransferDataGenerator.generate(spec, 1))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.code()).isEqualTo(FailureCode.INVALID_SPEC));
    }

    @Test
    void impossibleAlignmentsAreInvalidSpecs() {
        assertThatThrownBy(() -> TransferTaskSpec.linear(10, 5, 5, 5, 0.9).withNoiseAlignment(0.6))
                .isInstanceOfSatisfying(EngineException.class, e -> assertThat(e.code()).isEqualTo(FailureCode.INVALID_SPEC));
    }

    @Test
    void hermiteMomentsAreOrthonormalByMonteCarlo() {
        assertThat(Hermite.probabilists(3, 2.0)).isEqualTo(8 - 6);
        assertThat(Hermite.probabilists(4, 1.5)).isCloseTo(Math.pow(1.5, 4) - 6 * 1.5 * 1.5 + 3, within(1e-12));
        RandomGenerator rng = new RandomStreams(5).stream(RandomStreams.Purpose.MONTE_CARLO);
        int samples = 400_000;
        int maxDegree = 4;
        double[][] m = new double[maxDegree + 1][maxDegree + 1];
        double[][] m2 = new double[maxDegree + 1][maxDegree + 1];
        for (int s = 0; s < samples; s++) {
            double z = rng.nextGaussian();
            for (int j = 1; j <= maxDegree; j++) {
                for (int k = j; k <= maxDegree; k++) {
                    double v = Hermite.normalised(j, z) * Hermite.normalised(k, z);
                    m[j][k] += v;
                    m2[j][k] += v * v;
                }
            }
        }
        for (int j = 1; j <= maxDegree; j++) {
            for (int k = j; k <= maxDegree; k++) {
                double mean = m[j][k] / samples;
                // The products are heavy-tailed at high degree: judge by their own standard error.
                double stdErr = Math.sqrt((m2[j][k] / samples - mean * mean) / samples);
                assertThat(mean).as("E[He_%d He_%d]", j, k).isCloseTo(j == k ? 1 : 0, within(5 * stdErr));
            }
        }
    }

    @Test
    void singleIndexTargetsHaveAlignedDirections() {
        TransferTaskSpec spec = TransferTaskSpec.linear(50, 20, 20, 10, 0.8)
                .withLinks(new Link.Hermite(5), new Link.Hermite(2));
        TransferData data = TransferDataGenerator.generate(spec, 2);
        double[] bs = data.sourceTeacher().beta();
        double[] bt = data.targetTeacher().beta();
        assertThat(Vectors.dot(bs, bt) / (Vectors.norm(bs) * Vectors.norm(bt))).isCloseTo(0.8, within(1e-12));
        Matrix x = data.target().x();
        double z = Vectors.dot(x.row(0), bt) / Math.sqrt(50);
        assertThat(data.target().y()[0]).isCloseTo((z * z - 1) / Math.sqrt(2), within(1e-12));
        assertThat(new Link.Quadratic().apply(3)).isEqualTo(9);
    }

    @Test
    void sameSeedSameDataAndDifferentSeedsDiffer() {
        TransferTaskSpec spec = TransferTaskSpec.linear(20, 15, 10, 30, 0.7).withNoise(0.2, 0.1).withNoiseAlignment(0.3);
        TransferData a = TransferDataGenerator.generate(spec, 42);
        TransferData b = TransferDataGenerator.generate(spec, 42);
        TransferData c = TransferDataGenerator.generate(spec, 43);
        assertThat(a.source().x().data()).isEqualTo(b.source().x().data());
        assertThat(a.source().y()).isEqualTo(b.source().y());
        assertThat(a.target().y()).isEqualTo(b.target().y());
        assertThat(a.test().clean()).isEqualTo(b.test().clean());
        assertThat(a.targetTeacher().beta()).isEqualTo(b.targetTeacher().beta());
        assertThat(a.source().y()).isNotEqualTo(c.source().y());
        // Test labels are clean unless asked otherwise; training labels carry the noise.
        assertThat(a.test().y()).isEqualTo(a.test().clean());
        assertThat(a.target().y()).isNotEqualTo(a.target().clean());
    }

    private static double distanceToRowSpace(Matrix x, double[] v) {
        // Projection onto the row space: X^T (X X^T)^{-1} X v = X^+ (X v).
        double[] proj = LeastSquares.minNorm(x, x.times(v));
        double[] r = v.clone();
        Vectors.addScaled(r, -1, proj);
        return Vectors.norm(r) / Vectors.norm(v);
    }
}
