package org.transferlab.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transferlab.engine.linalg.Matrix;
import org.transferlab.engine.task.TransferData;
import org.transferlab.protocol.spec.PhaseSpec;
import org.transferlab.protocol.spec.TaskSpec;

/**
 * Whitening is one map fitted on training inputs and applied to every split: test points are whitened
 * with the training map (not with their own), also when the pool has fewer points than inputs.
 */
class WhiteningTest {
    @TempDir
    Path dir;

    /** n rows of dimension d with independent coordinates of standard deviation sd[j] around mean[j]. */
    private static DMatrixRMaj gaussian(int n, double[] mean, double[] sd, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int d = sd.length;
        DMatrixRMaj x = new DMatrixRMaj(n, d);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x.data[i * d + j] = mean[j] + sd[j] * rng.nextGaussian();
            }
        }
        return x;
    }

    /** Second moment of column a times column b over the rows. */
    private static double moment(Matrix x, int a, int b) {
        double s = 0;
        for (int i = 0; i < x.rows(); i++) {
            s += x.get(i, a) * x.get(i, b) / x.rows();
        }
        return s;
    }

    @Test
    void testPointsComeOutWithTheTrainingPoolsIdentityCovariance() {
        double[] mean = {3, -1, 0, 2, 5, 0};
        double[] sd = {1, 2, 0.5, 1.5, 1, 2};
        Whitening w = Whitening.fit(gaussian(20_000, mean, sd, 1));
        // Fresh points of the same law, whitened with the pool's map. The law's own covariance is diag(sd^2), so the
        // map's population value gives coordinate a the variance c^2 lambda_a/(lambda_a + eps), eps = RIDGE x mean
        // lambda and c^2 = D / sum lambda/(lambda + eps); off-diagonal 0. Tolerance: sampling error of the pool
        // (20000 points) and of the 5000 test points, 1/sqrt(5000) ~ 1.4% each, so 5%.
        Matrix test = w.apply(Matrix.wrap(5000, 6, gaussian(5000, mean, sd, 2).data));
        double eps = 0;
        for (double s : sd) {
            eps += Whitening.RIDGE * s * s / 6;
        }
        double kept = 0;
        for (double s : sd) {
            kept += s * s / (s * s + eps);
        }
        for (int a = 0; a < 6; a++) {
            double expected = 6 / kept * sd[a] * sd[a] / (sd[a] * sd[a] + eps);
            assertThat(moment(test, a, a)).as("variance of %d", a).isCloseTo(expected, within(0.05));
            for (int b = 0; b < a; b++) {
                assertThat(moment(test, a, b)).as("covariance %d %d", a, b).isCloseTo(0, within(5 / Math.sqrt(5000)));
            }
        }
    }

    @Test
    void aPointsImageDoesNotDependOnTheOtherPointsOfItsSplit() {
        double[] mean = {1, 1, 1, 1};
        double[] sd = {1, 3, 0.3, 1};
        Whitening w = Whitening.fit(gaussian(500, mean, sd, 3));
        Matrix split = Matrix.wrap(40, 4, gaussian(40, mean, sd, 4).data);
        Matrix whole = w.apply(split);
        for (int i = 0; i < 40; i++) {
            Matrix alone = w.apply(split.rowRange(i, i + 1));
            assertThat(alone.row(0)).containsExactly(whole.row(i), within(1e-12));
        }
    }

    @Test
    void aPoolWithFewerPointsThanInputsGivesAFiniteMapWithUnitMeanSquare() {
        int d = 8;
        int n = 5;
        DMatrixRMaj pool = gaussian(n, new double[d], new double[] {1, 1, 1, 1, 1, 1, 1, 1}, 5);
        Whitening w = Whitening.fit(pool);
        Matrix out = w.apply(Matrix.wrap(n, d, pool.data));
        assertThat(out.allFinite()).isTrue();
        // c is set so that the pool's |x|^2/D averages 1.
        assertThat(sumOfSquares(out) / (n * d)).isCloseTo(1, within(1e-9));
        // The centred pool spans n - 1 = 4 directions, all whitened to nearly one length (up to eps/lambda ~ 1%): its
        // Gram is then a multiple of a projector with equal diagonal, so every pool point has |x|^2 close to D.
        for (int i = 0; i < n; i++) {
            double norm2 = 0;
            for (int j = 0; j < d; j++) {
                norm2 += out.get(i, j) * out.get(i, j);
            }
            assertThat(norm2).isCloseTo(d, within(0.05 * d));
        }
        // A direction the pool does not span is scaled by c / sqrt(eps): bounded.
        Matrix far = w.apply(Matrix.wrap(1, d, new double[] {0, 0, 0, 0, 0, 0, 0, 100}));
        assertThat(far.allFinite()).isTrue();
    }

    private static double sumOfSquares(Matrix m) {
        double s = 0;
        for (double v : m.data()) {
            s += v * v;
        }
        return s;
    }

    @Test
    void aWhitenedTransferWhitensItsTestSetWithTheTrainingMap() throws Exception {
        // Three classes of 8 features with class means 0, 1, 2 and per-feature spreads; source {0,1} -> target {0,2}.
        DataFiles.threeClassCsv(dir.resolve("g.csv"), 3000, 7, true);
        DatasetLibrary library = new DatasetLibrary(new DataRoots(dir, dir.resolve("no-system")), 1 << 30);
        TaskSpec source = new TaskSpec("dataset", 0.0, null, null, null, null, "g.csv", "csv", List.of(0, 1), true);
        TaskSpec target = new TaskSpec("dataset", 0.0, null, null, null, null, "g.csv", "csv", List.of(0, 2), true);
        TransferData data = DatasetTransfer.draw(library, phase(source, 40), phase(target, 6), 200, 3);
        // Per-split whitening would give the 6 target points (P < D) the Gram D x a projector and the test set
        // another basis; with the pool's map the test set keeps the pool's scale: |x|^2/D near 1, unequal norms.
        Matrix test = data.test().x();
        double meanSquare = sumOfSquares(test) / (test.rows() * 8.0);
        assertThat(meanSquare).isCloseTo(1, within(0.25));
        Whitening w = library.whitening(source, target);
        DatasetLibrary.Split testSplit = library.split(target, false, "target.task");
        assertThat(w).isSameAs(library.whitening(source, target));
        // The first target point, whitened alone with the library's map, is the transfer's first target row.
        DatasetLibrary.Split targetSplit = library.split(target, true, "target.task");
        assertThat(testSplit.dim()).isEqualTo(targetSplit.dim());
        Matrix target0 = data.target().x().rowRange(0, 1);
        boolean found = false;
        for (int i = 0; i < targetSplit.size() && !found; i++) {
            double[] raw = java.util.Arrays.copyOfRange(targetSplit.x(), i * 8, i * 8 + 8);
            double[] image = w.apply(Matrix.wrap(1, 8, raw)).row(0);
            found = java.util.Arrays.equals(image, target0.row(0));
        }
        assertThat(found).as("the target's first point is a training point under the library's map").isTrue();
    }

    private static PhaseSpec phase(TaskSpec task, int samples) {
        return new PhaseSpec(task, samples, 1.0, 0.0, 0.0, 0.0, null, 10, null, false, null, null);
    }
}
