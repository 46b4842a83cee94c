package org.transferlab.engine.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.transferlab.engine.linalg.Activation;
import org.transferlab.engine.linalg.Matrix;
import org.transferlab.engine.task.Dataset;

/** One GD step equals -eta (gamma^2 N grad L + lambda theta + delta (W - W1)), grad by finite differences. */
class GradientStepTest {
    private static final int N = 5;
    private static final int D = 3;
    private static final int P = 4;
    private static final double GAMMA = 0.7;
    private static final double ETA = 1e-3;
    private static final double LAMBDA = 0.1;
    private static final double DELTA = 0.2;

    @ParameterizedTest
    @EnumSource(Activation.class)
    void stepFollowsTheScaledAnalyticGradient(Activation phi) {
        SplittableRandom rng = new SplittableRandom(99);
        Matrix x = Matrix.gaussian(P, D, rng);
        double[] y = Matrix.gaussian(1, P, rng).data();
        Dataset train = new Dataset(x, y, y);
        TwoLayerNetwork net = TwoLayerNetwork.random(phi, N, D, rng);
        Matrix anchor = Matrix.gaussian(N, D, rng);
        Matrix w0 = net.firstLayer().copy();
        double[] a0 = net.readout().clone();
        double[] f0 = raw(phi, w0, a0, x);

        // Move away from the centring point so the gradient is not trivially y-driven only.
        Vecs.perturb(net, rng, 0.3);
        Matrix wBefore = net.firstLayer().copy();
        double[] aBefore = net.readout().clone();

        PhaseSettings s = PhaseSettings.of(GAMMA, ETA, 1).withWeightDecay(LAMBDA).withElasticCoupling(DELTA);
        TwoLayerNetwork centringNet = new TwoLayerNetwork(phi, w0.copy(), a0.clone());
        GradientDescentTrainer trainer = new GradientDescentTrainer(centringNet, train, train, s, true, anchor);
        // Centring was computed at (W0, w0); now put the perturbed weights in and step.
        centringNet.firstLayer().setFrom(wBefore);
        System.arraycopy(aBefore, 0, centringNet.readout(), 0, N);
        trainer.step();

        double h = 1e-6;
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < D; j++) {
                Matrix plus = wBefore.copy();
                Matrix minus = wBefore.copy();
                plus.set(i, j, plus.get(i, j) + h);
                minus.set(i, j, minus.get(i, j) - h);
                double grad = (loss(phi, plus, aBefore, x, y, f0) - loss(phi, minus, aBefore, x, y, f0)) / (2 * h);
                double expected = -ETA * (GAMMA * GAMMA * N * grad + LAMBDA * wBefore.get(i, j)
                        + DELTA * (wBefore.get(i, j) - anchor.get(i, j)));
                assertThat(centringNet.firstLayer().get(i, j) - wBefore.get(i, j)).isCloseTo(expected, within(1e-9));
            }
            double[] plus = aBefore.clone();
            double[] minus = aBefore.clone();
            plus[i] += h;
            minus[i] -= h;
            double grad = (loss(phi, wBefore, plus, x, y, f0) - loss(phi, wBefore, minus, x, y, f0)) / (2 * h);
            double expected = -ETA * (GAMMA * GAMMA * N * grad + LAMBDA * aBefore[i]);
            assertThat(centringNet.readout()[i] - aBefore[i]).isCloseTo(expected, within(1e-9));
        }
    }

    /** L = 1/2 sum (f - y)^2 with f = raw - f0, written out independently of the production code. */
    private static double loss(Activation phi, Matrix w, double[] a, Matrix x, double[] y, double[] f0) {
        double[] f = raw(phi, w, a, x);
        double l = 0;
        for (int mu = 0; mu < P; mu++) {
            double r = f[mu] - f0[mu] - y[mu];
            l += 0.5 * r * r;
        }
        return l;
    }

    private static double[] raw(Activation phi, Matrix w, double[] a, Matrix x) {
        double[] f = new double[P];
        for (int mu = 0; mu < P; mu++) {
            for (int i = 0; i < N; i++) {
                double hh = 0;
                for (int j = 0; j < D; j++) {
                    hh += w.get(i, j) * x.get(mu, j);
                }
                f[mu] += a[i] * phi.apply(hh / Math.sqrt(D)) / (GAMMA * N);
            }
        }
        return f;
    }

    private static final class Vecs {
        static void perturb(TwoLayerNetwork net, SplittableRandom rng, double size) {
            double[] wd = net.firstLayer().data();
            for (int i = 0; i < wd.length; i++) {
                wd[i] += size * rng.nextGaussian();
            }
            for (int i = 0; i < net.readout().length; i++) {
                net.readout()[i] += size * rng.nextGaussian();
            }
        }
    }
}
