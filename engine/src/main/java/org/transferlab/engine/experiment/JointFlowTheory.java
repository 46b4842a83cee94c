package org.transferlab.engine.experiment;

import java.util.List;
import org.transferlab.engine.linalg.Blas;
import org.transferlab.engine.linalg.Vectors;
import org.transferlab.engine.task.Dataset;
import org.transferlab.engine.run.CancellationToken;
import org.transferlab.engine.run.ProgressSink;
import org.transferlab.engine.theory.linear.LinearFlow;
import org.transferlab.engine.theory.linear.LinearFlowOptions;
import org.transferlab.engine.theory.linear.LinearFlowResult;
import org.transferlab.engine.theory.linear.LinearFlowState;
import org.transferlab.engine.theory.linear.TestLossProbe;

/**
 * Jointly rich transfer of an infinitely wide linear network on one seed's data (THEORY 2.6.1, 2.6.5):
 * the exact D x D gradient flow of the order parameters (M, m, q) on the source set from random
 * initialisation, then on the target set from (M1, 0, 1) with gamma2. No closed form covers gamma2 > 0,
 * so this is the {@code theory} row of the joint protocol; its time axis is the simulation's
 * (t = eta2 * steps), so the two curves overlay.
 */
final class JointFlowTheory {
    /**
     * Relative residual at which the flow counts as converged. THEORY asks 1e-9 for the ODE's own tests;
     * for reported losses 1e-7 changes nothing visible and saves the slow tail near nu = 1.
     */
    private static final double TOLERANCE = 1e-7;

    private JointFlowTheory() {
    }

    /** The converged source state of this seed (M1 is what the joint phase starts from). */
    static LinearFlowResult source(PointParameters p, LinearSeed seed, ProgressSink progress, CancellationToken cancel) {
        LinearFlow flow = new LinearFlow(seed.sourceDesign(), p.source().gamma(), p.source().weightDecay());
        return flow.run(LinearFlowState.randomInit(p.inputDim()),
                LinearFlowOptions.defaults().withTolerance(TOLERANCE).withProgress("theory solve (source)", 0, 1),
                TestLossProbe.none(), progress, cancel);
    }

    /**
     * The target phase from the source state.
     *
     * @param stepAxis GD steps at which to record the test loss
     * @param eta      the target learning rate that turns steps into flow time
     */
    static Outcome target(PointParameters p, LinearSeed seed, LinearFlowResult source, double[] stepAxis, double eta,
                          ProgressSink progress, CancellationToken cancel) {
        if (p.target().elastic() > 0) {
            throw PointParameters.invalid("target.elastic", "the linear flow theory has no elastic coupling; "
                    + "use methods [kernel, simulation] for elastic jointly rich transfer, or elastic 0");
        }
        double[] times = new double[stepAxis.length];
        for (int k = 0; k < times.length; k++) {
            times[k] = eta * stepAxis[k];
        }
        LinearFlow flow = new LinearFlow(seed.targetDesign(), p.target().gamma(), p.target().weightDecay());
        // A dataset has no teacher: its loss is the test set's, of the final beta only (no curve along the flow).
        TestLossProbe probe = p.isDataset() ? TestLossProbe.none() : new TestLossProbe(seed.data().targetTeacher().beta(), 0, times);
        LinearFlowResult r = flow.run(LinearFlowState.jointlyRich(source.state()),
                LinearFlowOptions.defaults().withTolerance(TOLERANCE).withProgress("theory solve (joint)", 0, 1),
                probe, progress, cancel);
        double sv = p.lossScale(seed.data());
        List<TestLossProbe.Point> points = r.curve();
        double[] curve = new double[points.size()];
        for (int k = 0; k < curve.length; k++) {
            curve[k] = points.get(k).testLoss() / sv;
        }
        double[] beta = r.betaF();
        double testLoss = (p.isDataset() ? testSetLoss(beta, seed.data().test()) : teacherLoss(beta, seed, p)) / sv;
        double[] sourceBeta = source.betaF();
        double chi1 = source.state().spikeAlong(Vectors.unit(sourceBeta));
        double trainLoss = noisySetLoss(beta, seed.data().target()) / sv;
        return new Outcome(testLoss, trainLoss, curve, r.residual(), chi1, r.time());
    }

    /** |beta_f - beta_t|^2/D: the population loss on Gaussian inputs. */
    private static double teacherLoss(double[] beta, LinearSeed seed, PointParameters p) {
        double[] diff = beta.clone();
        Vectors.addScaled(diff, -1, seed.data().targetTeacher().beta());
        return Vectors.dot(diff, diff) / p.inputDim();
    }

    /** Mean of (beta.x/sqrt(D) - y)^2 over the test set, with its clean labels. */
    static double testSetLoss(double[] beta, Dataset test) {
        return Vectors.meanSquaredDifference(predict(beta, test), test.clean());
    }

    /** The same over a training set, with the labels it was trained on (noise included). */
    private static double noisySetLoss(double[] beta, Dataset train) {
        return Vectors.meanSquaredDifference(predict(beta, train), train.y());
    }

    private static double[] predict(double[] beta, Dataset set) {
        double[] f = new double[set.size()];
        Blas.gemv(false, 1 / Math.sqrt(beta.length), set.x(), beta, 0, f);
        return f;
    }

    /**
     * @param testLoss population test loss |beta_f - beta_t|^2/D at convergence (relative to the signal variance),
     *                 or the test set's on a dataset
     * @param trainLoss the training loss on the target set (its noisy labels) at convergence
     * @param curve    test loss at the step axis
     * @param residual final relative residual of the target flow
     * @param chi1     spike of M1 along the learned source direction, from the flow itself
     * @param time     flow time to convergence
     */
    record Outcome(double testLoss, double trainLoss, double[] curve, double residual, double chi1, double time) {
    }
}
