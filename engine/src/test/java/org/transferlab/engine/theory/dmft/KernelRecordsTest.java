package org.transferlab.engine.theory.dmft;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.transferlab.engine.kernel.KernelAlignment;
import org.transferlab.engine.linalg.Matrix;
import org.transferlab.engine.run.CancellationToken;
import org.transferlab.engine.run.ProgressSink;
import org.transferlab.engine.sim.PhaseSettings;
import org.transferlab.engine.theory.spectral.TopEigenvalues;
import org.transferlab.protocol.result.KernelSpectra;

/**
 * What the particle solver records about its kernels: the alignment A(t) of the feature kernel with
 * the phase's labels at every record point, and the top of the source and target kernels' spectra on
 * the target-train set, checked on kernels whose answers are known in closed form.
 */
class KernelRecordsTest {
    private static final CancellationToken GO = new CancellationToken();

    private static PhaseSettings phase(double gamma, double eta, int steps, int every) {
        return new PhaseSettings(gamma, eta, steps, 0, 0, every, Double.NaN, PhaseSettings.DEFAULT_DIVERGENCE_FACTOR);
    }

    @Test
    void alignmentOfKernelsWithKnownAnswers() {
        double[] y = {1, -2, 0.5, 3};
        int n = y.length;
        double yy = 0;
        for (double v : y) {
            yy += v * v;
        }
        // K = y y^T is perfectly aligned; K = I has A = |y|^2 / (sqrt(n) |y|^2) = 1/sqrt(n)
        assertThat(KernelAlignment.of(rankOnePlusIdentity(y, 1, 0), y)).isCloseTo(1.0, within(1e-14));
        assertThat(KernelAlignment.of(rankOnePlusIdentity(y, 0, 1), y)).isCloseTo(1 / Math.sqrt(n), within(1e-14));
        // K = c y y^T + I: y^T K y = c |y|^4 + |y|^2, |K|_F^2 = c^2 |y|^4 + 2 c |y|^2 + n
        double c = 0.3;
        double expected = (c * yy * yy + yy) / (Math.sqrt(c * c * yy * yy + 2 * c * yy + n) * yy);
        assertThat(KernelAlignment.of(rankOnePlusIdentity(y, c, 1), y)).isCloseTo(expected, within(1e-14));
    }

    @Test
    void spectrumOfAKernelWithKnownEigenvalues() {
        // I_n + c u u^T with |u| = 1: eigenvalues 1 + c and 1 (n - 1 times), trace n + c
        int n = 30;
        double c = 4;
        double[] u = new double[n];
        for (int i = 0; i < n; i++) {
            u[i] = Math.sin(i + 1.0);
        }
        double norm = Math.sqrt(Arrays.stream(u).map(v -> v * v).sum());
        for (int i = 0; i < n; i++) {
            u[i] /= norm;
        }
        double[] top = TopEigenvalues.overTrace(rankOnePlusIdentity(u, c, 1), KernelSpectra.TOP);
        assertThat(top).hasSize(KernelSpectra.TOP);
        assertThat(top[0]).isCloseTo((1 + c) / (n + c), within(1e-13));
        for (int k = 1; k < top.length; k++) {
            assertThat(top[k]).isCloseTo(1 / (n + c), within(1e-13));
        }
        // fewer points than asked for: all of them, largest first
        Matrix diagonal = Matrix.zeros(3, 3);
        diagonal.set(0, 0, 1);
        diagonal.set(1, 1, 5);
        diagonal.set(2, 2, 2);
        assertThat(TopEigenvalues.overTrace(diagonal, KernelSpectra.TOP)).containsExactly(new double[] {0.625, 0.25, 0.125},
                within(1e-15));
    }

    @Test
    void lazyKernelsAreTheArcCosineKernelsAndFineTuningKeepsTheSourceKernel() {
        GaussianProblem pb = GaussianProblem.draw(10, 30, 20, 20, 3);
        int m = 8000;
        ParticleSolver solver = new ParticleSolver(pb.inputs(), ParticleSpec.relu(m, 5));
        // gamma = 1e-3: the features move by O(gamma), so every kernel is the arc-cosine Phi0
        PhaseResult source = solver.trainSource(phase(1e-3, 0.05, 200, 50), ProgressSink.NONE, GO);
        PhaseResult scratch = solver.scratch(phase(1e-3, 0.05, 200, 50), ProgressSink.NONE, GO);
        double phi0Alignment = KernelAlignment.of(pb.gram(pb.target(), pb.target()).phi0(), pb.y2());
        double[] phi0Spectrum = TopEigenvalues.overTrace(pb.gram(pb.target(), pb.target()).phi0(), KernelSpectra.TOP);
        System.out.printf("lazy: alignment %s vs Phi0 %.4f; top share %.4f vs %.4f%n",
                Arrays.toString(scratch.curve().alignment()), phi0Alignment, source.targetSpectrum()[0], phi0Spectrum[0]);
        // M particles estimate each kernel entry with relative error about 2 / sqrt(M) (ParticleSolverTest's
        // lazy limit); alignments and shares of the trace are ratios of such sums, within 4 / sqrt(M)
        double tolerance = 4 / Math.sqrt(m);
        assertThat(scratch.curve().alignment()).hasSameSizeAs(scratch.curve().steps());
        for (double a : scratch.curve().alignment()) {
            assertThat(a).isCloseTo(phi0Alignment, within(tolerance));
        }
        assertThat(source.curve().alignment()).as("the source phase does not record it").containsOnly(Double.NaN);
        for (double[] spectrum : new double[][] {source.targetSpectrum(), scratch.targetSpectrum()}) {
            assertThat(spectrum).hasSize(KernelSpectra.TOP);
            for (int k = 0; k < KernelSpectra.TOP; k++) {
                assertThat(spectrum[k]).as("share %d", k).isCloseTo(phi0Spectrum[k], within(tolerance));
            }
        }

        FineTuneResult ft = solver.fineTune(phase(1.0, 0.05, 50, 10), ReadoutStart.ZERO, ProgressSink.NONE, GO);
        double[] ftAlignment = ft.readoutDynamics().curve().alignment();
        // frozen features: the kernel and its alignment with y2 never change, and the target kernel is the source's
        assertThat(ftAlignment).containsOnly(ft.readoutDynamics().targetAlignment());
        assertThat(ft.readoutDynamics().targetSpectrum()).containsExactly(source.targetSpectrum(), within(1e-12));
    }

    @Test
    void richTrainingAlignsTheKernelWithTheTarget() {
        GaussianProblem pb = GaussianProblem.draw(10, 30, 20, 20, 4);
        ParticleSolver solver = new ParticleSolver(pb.inputs(), ParticleSpec.relu(2000, 6));
        solver.trainSource(phase(1.0, 0.05, 200, 50), ProgressSink.NONE, GO);
        PhaseResult joint = solver.jointlyRich(phase(2.0, 0.02, 400, 40), ProgressSink.NONE, GO);
        double[] a = joint.curve().alignment();
        System.out.printf("joint: alignment %s%n", Arrays.toString(a));
        // the last record is the final state, whose alignment the phase also reports
        assertThat(a[a.length - 1]).isCloseTo(joint.targetAlignment(), within(1e-12));
        // features learned from y2 make y2 a larger part of the kernel (THEORY 1.6's use of A): at gamma2 = 2
        // the rise is several times the Monte-Carlo scatter 4 / sqrt(2000) = 0.09 of either end
        assertThat(a[a.length - 1] - a[0]).isGreaterThan(0.1);
    }

    /** c v v^T + d I. */
    private static Matrix rankOnePlusIdentity(double[] v, double c, double d) {
        int n = v.length;
        Matrix k = Matrix.zeros(n, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                k.set(i, j, c * v[i] * v[j] + (i == j ? d : 0));
            }
        }
        return k;
    }
}
