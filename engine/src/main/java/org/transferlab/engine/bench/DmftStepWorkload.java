package org.transferlab.engine.bench;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.transferlab.engine.linalg.Activation;
import org.transferlab.engine.linalg.Matrix;
import org.transferlab.engine.run.CancellationToken;
import org.transferlab.engine.run.ProgressSink;
import org.transferlab.engine.sim.PhaseSettings;
import org.transferlab.engine.sim.HistogramBins;
import org.transferlab.engine.theory.dmft.ParticleData;
import org.transferlab.engine.theory.dmft.ParticleSolver;
import org.transferlab.engine.theory.dmft.ParticleSpec;
import org.transferlab.engine.theory.dmft.Sampling;

/**
 * (b) Particle-DMFT steps (THEORY 4.A) of the source phase with M particles in G = 4 groups,
 * P training points and Q = P + P_test points in total, weight-space sampling at input dimension D,
 * through {@link ParticleSolver#trainSource}. A step per group: h = X_I W_g^T / sqrt(D) (P x D x M/G),
 * phi(h), the output and residual, the backward factors, the readout update and
 * W_g += c A^T X_I (M/G x P x D).
 *
 * <p>The solver runs whole phases, so one step is measured as
 * (time of a phase of k steps - time of a phase of 0 steps) / k: both phases do the same set-up
 * (centring, sampling, the final evaluation), the difference is exactly k steps.
 */
public final class DmftStepWorkload {
    public static final int M = 4096;
    public static final int P = 1000;
    public static final int Q = 2000;
    public static final int D = 100;

    private final int m;
    private final int p;
    private final int q;
    private final int d;
    private final ParticleData data;

    public DmftStepWorkload(int m, int p, int q, int d, long seed) {
        this.m = m;
        this.p = p;
        this.q = q;
        this.d = d;
        SplittableRandom rng = new SplittableRandom(seed);
        Matrix x = Matrix.gaussian(q, d, rng);
        double[] y = new double[q];
        for (int i = 0; i < q; i++) {
            y[i] = x.get(i, 0);
        }
        int[] source = IntStream.range(0, p).toArray();
        int[] test = IntStream.range(p, q).toArray();
        double[] ySource = java.util.Arrays.copyOfRange(y, 0, p);
        double[] yTest = java.util.Arrays.copyOfRange(y, p, q);
        data = ParticleData.fromInputs(x.data(), d, source, new int[0], test, ySource, new double[0], yTest, yTest);
    }

    /** M = 4096, P = 1000, Q = 2000, D = 100. */
    public static DmftStepWorkload standard() {
        return new DmftStepWorkload(M, P, Q, D, 1);
    }

    /**
     * A source phase of {@code steps} steps from fresh particles (losses recorded at the start and the
     * end only; stability pre-check off, the learning rate is far inside it).
     */
    public double run(int steps) {
        ParticleSpec spec = new ParticleSpec(m, 4, 3, Sampling.WEIGHT_SPACE, Activation.RELU, false,
                HistogramBins.PREACTIVATIONS);
        PhaseSettings phase = PhaseSettings.of(1.0, 1e-3, steps).withRecordEvery(Math.max(1, steps));
        return new ParticleSolver(data, spec).trainSource(phase, ProgressSink.NONE, new CancellationToken())
                .trainLoss().mean();
    }

    /** Floating-point operations of one step: two P x D x M products and two P x M matrix-vector products. */
    public double flops() {
        return 4.0 * p * m * d + 4.0 * p * m;
    }

    public String size() {
        return "M=" + m + " P=" + p + " Q=" + q + " D=" + d + " groups=4";
    }
}
