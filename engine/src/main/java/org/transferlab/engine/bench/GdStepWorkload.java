package org.transferlab.engine.bench;

import java.util.SplittableRandom;
import org.transferlab.engine.linalg.Activation;
import org.transferlab.engine.linalg.Matrix;
import org.transferlab.engine.sim.GradientDescentTrainer;
import org.transferlab.engine.sim.PhaseSettings;
import org.transferlab.engine.sim.TwoLayerNetwork;
import org.transferlab.engine.task.Dataset;

/**
 * (a) One full-batch GD step (forward and backward, THEORY 1.4) of a width-N two-layer ReLU network
 * on P inputs of dimension D, through {@link GradientDescentTrainer#step()}: the products
 * X W^T (P x D x N) and (w o phi'(H) o Delta)^T X (N x P x D), two P x N matrix-vector products and
 * the fused elementwise passes.
 */
public final class GdStepWorkload {
    public static final int P = 1000;
    public static final int D = 100;
    public static final int N = 4096;

    private final int p;
    private final int d;
    private final int n;
    private final GradientDescentTrainer trainer;

    public GdStepWorkload(int p, int d, int n, long seed) {
        this.p = p;
        this.d = d;
        this.n = n;
        SplittableRandom rng = new SplittableRandom(seed);
        Matrix x = Matrix.gaussian(p, d, rng);
        double[] y = new double[p];
        for (int mu = 0; mu < p; mu++) {
            y[mu] = x.get(mu, 0);
        }
        Dataset train = new Dataset(x, y, y.clone());
        Matrix xt = Matrix.gaussian(4, d, rng);
        Dataset test = new Dataset(xt, new double[4], new double[4]);
        TwoLayerNetwork net = TwoLayerNetwork.random(Activation.RELU, n, d, rng);
        // a small learning rate keeps the weights bounded however many steps a benchmark takes
        trainer = new GradientDescentTrainer(net, train, test, PhaseSettings.of(1.0, 1e-4, 1), true, null);
    }

    /** P = 1000, D = 100, N = 4096. */
    public static GdStepWorkload standard() {
        return new GdStepWorkload(P, D, N, 1);
    }

    /** One step; returns the train MSE before it. */
    public double step() {
        return trainer.step();
    }

    /** Floating-point operations of one step: two P x N x D products and two P x N matrix-vector products. */
    public double flops() {
        return 4.0 * p * n * d + 4.0 * p * n;
    }

    public String size() {
        return "P=" + p + " D=" + d + " N=" + n;
    }
}
