package org.transferlab.engine.bench;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.transferlab.engine.run.CancellationToken;
import org.transferlab.engine.run.ProgressSink;
import org.transferlab.engine.theory.linear.LinearDesign;
import org.transferlab.engine.theory.linear.LinearFlow;
import org.transferlab.engine.theory.linear.LinearFlowOptions;
import org.transferlab.engine.theory.linear.LinearFlowResult;
import org.transferlab.engine.theory.linear.LinearFlowState;
import org.transferlab.engine.theory.linear.TestLossProbe;

/**
 * (d) The linear-network theory ODE (THEORY 2.6.1) integrated to convergence by {@link LinearFlow}
 * (adaptive RK4 on the D x D weight moment), gamma = 1, no weight decay, on P = D/2 Gaussian inputs
 * with a unit linear teacher, from the random initial state.
 */
public final class LinearFlowWorkload {
    public static final int D = 200;

    private final int d;
    private final LinearDesign design;

    public LinearFlowWorkload(int d, long seed) {
        this.d = d;
        int p = Math.max(1, d / 2);
        SplittableRandom rng = new SplittableRandom(seed);
        DMatrixRMaj x = new DMatrixRMaj(p, d);
        double[] beta = new double[d];
        double norm = 0;
        for (int j = 0; j < d; j++) {
            beta[j] = rng.nextGaussian();
            norm += beta[j] * beta[j];
        }
        double[] y = new double[p];
        for (int i = 0; i < p; i++) {
            double s = 0;
            for (int j = 0; j < d; j++) {
                double v = rng.nextGaussian();
                x.set(i, j, v);
                s += v * beta[j];
            }
            y[i] = s / Math.sqrt(norm);
        }
        design = LinearDesign.of(x, y);
    }

    /** D = 200, P = 100. */
    public static LinearFlowWorkload standard() {
        return new LinearFlowWorkload(D, 1);
    }

    public LinearFlowResult run() {
        return new LinearFlow(design, 1.0, 0.0).run(LinearFlowState.randomInit(d), LinearFlowOptions.defaults(),
                TestLossProbe.none(), ProgressSink.NONE, new CancellationToken());
    }

    public String size() {
        return "D=" + d + " P=" + Math.max(1, d / 2) + " gamma=1";
    }
}
