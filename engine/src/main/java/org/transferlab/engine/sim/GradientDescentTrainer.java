package org.transferlab.engine.sim;

import java.util.Arrays;
import org.transferlab.engine.kernel.KernelAlignment;
import org.transferlab.engine.linalg.Blas;
import org.transferlab.engine.linalg.FusedPasses;
import org.transferlab.engine.linalg.Lanczos;
import org.transferlab.engine.linalg.Matrix;
import org.transferlab.engine.linalg.ReadoutPass;
import org.transferlab.engine.linalg.Vectors;
import org.transferlab.engine.run.CancellationToken;
import org.transferlab.engine.run.EngineException;
import org.transferlab.engine.task.Dataset;
import org.transferlab.engine.theory.spectral.TopEigenvalues;
import org.transferlab.protocol.FailureCode;
import org.transferlab.protocol.result.KernelSpectra;

/**
 * Full-batch gradient descent of one phase on one network (THEORY 1.4, 4.E), output centred by its
 * value at the start of the phase:
 *
 * <pre>
 *   H = X W^T/sqrt(D),  A = phi(H),  f = A w/(gamma N) - f0,  Delta = y - f
 *   W += eta (gamma/sqrt(D) (w o phi'(H) o Delta)^T X - lambda W - delta (W - W1))
 *   w += eta (gamma A^T Delta - lambda w)
 * </pre>
 *
 * which is W -= eta (gamma^2 N dL/dW + lambda W) with L = 1/2 sum (f - y)^2. All P x N work happens in
 * two preallocated buffers; a step allocates nothing.
 */
public final class GradientDescentTrainer {
    private static final int LANCZOS_MAX_PRODUCTS = 60;
    private static final double LANCZOS_TOLERANCE = 1e-3;
    /** An engine-chosen rate is halved until it is at most this share of the bound 2/lambda_max(NTK). */
    static final double STABLE_SHARE = 0.8;

    private final TwoLayerNetwork net;
    private final Dataset train;
    private final Dataset test;
    private final PhaseSettings settings;
    private final boolean trainFirstLayer;
    private final Matrix anchor;
    private final double[] f0Train;
    private final double[] f0Test;
    /** Scratch P x N buffer of the NTK's matrix-free products (backward factors, tangents). */
    private final Matrix h;
    /**
     * A = phi(H) on the training inputs (P x N); phi' is read from it. Within a step that trains the
     * first layer it holds H and then the backward factors w o phi'(H) o Delta ({@link ReadoutPass}).
     */
    private final Matrix a;
    private final double[] f;
    /** True once A holds the features of a frozen first layer. */
    private boolean featuresReady;
    private final double[] delta;
    /** Scratch of the fused training pass (trained first layer only). */
    private final ReadoutPass readoutPass;
    /** Block buffer for evaluating the test inputs at every recorded step. */
    private final Matrix testBuffer;
    /** Whether to record the feature kernel's alignment and final spectrum ({@link #recordingKernel}). */
    private boolean recordKernel;

    /**
     * @param trainFirstLayer false freezes W (fine-tuning a readout)
     * @param anchor          W1 for the elastic pull (may be null when elasticCoupling = 0)
     */
    public GradientDescentTrainer(TwoLayerNetwork net, Dataset train, Dataset test, PhaseSettings settings,
                                  boolean trainFirstLayer, Matrix anchor) {
        this(net, train, test, settings, trainFirstLayer, anchor, net.rawOutputs(train.x(), settings.gamma()),
                net.rawOutputs(test.x(), settings.gamma()));
    }

    /**
     * A trainer whose output is centred by given offsets instead of its own start (fine-tuning from the
     * source readout keeps the source function: its offsets are the source network's at initialisation).
     */
    public GradientDescentTrainer(TwoLayerNetwork net, Dataset train, Dataset test, PhaseSettings settings,
                                  boolean trainFirstLayer, Matrix anchor, double[] f0Train, double[] f0Test) {
        if (train.inputDim() != net.inputDim() || test.inputDim() != net.inputDim()) {
            throw new EngineException(FailureCode.INVALID_SPEC, "data dimension " + train.inputDim() + " != network input dimension "
                    + net.inputDim());
        }
        if (settings.elasticCoupling() > 0 && trainFirstLayer && anchor == null) {
            throw new EngineException(FailureCode.INVALID_SPEC, "elasticCoupling > 0 needs source weights W1 to pull towards");
        }
        this.net = net;
        this.train = train;
        this.test = test;
        this.settings = settings;
        this.trainFirstLayer = trainFirstLayer;
        this.anchor = anchor;
        int p = train.size();
        int n = net.width();
        this.h = Matrix.zeros(p, n);
        this.a = Matrix.zeros(p, n);
        this.f = new double[p];
        this.delta = new double[p];
        this.readoutPass = trainFirstLayer ? new ReadoutPass(p, n) : null;
        this.testBuffer = net.evaluationBuffer(test.size());
        // Centring (THEORY 1.4): subtract the output at initialisation on every input we evaluate.
        this.f0Train = f0Train;
        this.f0Test = f0Test;
    }

    /**
     * Also records, at every record point, the alignment A(Phi, y) of the feature kernel on the training
     * inputs with the training labels, and at the end the top of its spectrum over the trace: a P x P
     * kernel per record (P^2 N flops), which target phases afford and a large source set need not pay.
     */
    public GradientDescentTrainer recordingKernel() {
        this.recordKernel = true;
        return this;
    }

    /**
     * Runs the phase to its horizon t = learningRate * steps: checks the rate against the GD stability
     * bound (a user's rate is refused past it, the engine's own is halved below it), then steps, polling
     * the token every step and recording losses at every {@code recordEvery}-th planned step. With an
     * engine-chosen rate, a rise of the train MSE where it is the flow's objective halves the rate for
     * the rest of the phase ({@link StepSchedule}).
     */
    public TrainedPhase run(ProgressWindow progress, CancellationToken token) {
        token.throwIfCancelled();
        double lambdaMax = largestNtkEigenvalue(token);
        // weight decay and the elastic pull shrink the weights at rate lambda + delta per unit time: they add
        // to the curvature the step must follow (a huge readout ridge needs a small step)
        double decay = settings.weightDecay() + (trainFirstLayer ? settings.elasticCoupling() : 0);
        double bound = 2.0 / (lambdaMax + decay);
        StepSchedule schedule = new StepSchedule(settings.learningRate(), settings.steps());
        if (settings.learningRate() > bound && !settings.adaptiveRate()) {
            throw new EngineException(FailureCode.INVALID_SPEC, String.format(
                    "learningRate %.6g exceeds the gradient-descent stability bound 2/(lambda_max + decay) = %.6g "
                            + "(lambda_max of the NTK on %d training inputs = %.6g, weight decay and coupling %.6g, %s)",
                    settings.learningRate(), bound, train.size(), lambdaMax, decay, progress.phase()));
        }
        while (schedule.rate() > STABLE_SHARE * bound) {
            schedule.halve(progress.phase());
        }
        int capacity = settings.steps() / settings.recordEvery() + 2;
        int[] steps = new int[capacity];
        double[] trainCurve = new double[capacity];
        double[] testCurve = new double[capacity];
        double[] alignmentCurve = new double[capacity];
        int recorded = 0;
        double startLoss = Double.NaN;
        boolean watchRises = settings.adaptiveRate() && settings.mseIsObjective();
        while (!schedule.finished()) {
            token.throwIfCancelled();
            boolean record = schedule.onGrid() && schedule.nominalStep() % settings.recordEvery() == 0;
            double testLoss = record ? testLoss() : Double.NaN; // before the step: both losses at the same weights
            double alignment = record ? kernelAlignment() : Double.NaN;
            int at = schedule.nominalStep();
            double loss = step(schedule.rate());
            if (Double.isNaN(startLoss)) {
                startLoss = loss;
            }
            checkLoss(loss, startLoss, at);
            if (record) {
                steps[recorded] = at;
                trainCurve[recorded] = loss;
                testCurve[recorded] = testLoss;
                alignmentCurve[recorded] = alignment;
                recorded++;
            }
            schedule.advance();
            if (loss <= settings.trainLossTolerance()) {
                break;
            }
            // the loss is at the weights before this step: a clear rise means an earlier step overshot
            if (watchRises) {
                schedule.watch(loss, startLoss, progress.phase());
            }
            progress.report(schedule.time() / settings.time());
        }
        int step = schedule.finished() ? settings.steps() : (int) Math.ceil(schedule.time() / settings.learningRate());
        double finalTrain = trainLoss();
        checkLoss(finalTrain, Double.isNaN(startLoss) ? finalTrain : startLoss, step);
        if (!net.allFinite()) {
            throw new EngineException(FailureCode.NAN_DETECTED, "non-finite weights after " + step + " steps (" + progress.phase() + ")");
        }
        double[] predictions = testPredictions();
        double finalTest = Vectors.meanSquaredDifference(predictions, test.clean());
        if (recorded == 0 || steps[recorded - 1] != step) {
            steps[recorded] = step;
            trainCurve[recorded] = finalTrain;
            testCurve[recorded] = finalTest;
            alignmentCurve[recorded] = kernelAlignment();
            recorded++;
        }
        double[] spectrum = recordKernel ? TopEigenvalues.overTrace(trainKernel(), KernelSpectra.TOP) : new double[0];
        progress.report(1.0);
        return new TrainedPhase(new TrainingCurve(Arrays.copyOf(steps, recorded), Arrays.copyOf(trainCurve, recorded),
                Arrays.copyOf(testCurve, recorded), Arrays.copyOf(alignmentCurve, recorded)), finalTrain, finalTest,
                schedule.stepsTaken(), lambdaMax, schedule.rate(), schedule.time(), predictions, testPreactivations(),
                spectrum);
    }

    /** A(Phi, y) of the current feature kernel on the training inputs, NaN unless {@link #recordingKernel}. */
    private double kernelAlignment() {
        return recordKernel ? KernelAlignment.of(trainKernel(), train.y()) : Double.NaN;
    }

    /** Phi(X, X) = phi(H) phi(H)^T / N on the training inputs, through the NTK's scratch buffer. */
    private Matrix trainKernel() {
        net.features(train.x(), h);
        Matrix k = Matrix.zeros(train.size(), train.size());
        Blas.gemm(false, true, 1.0 / net.width(), h, h, 0.0, k);
        return k;
    }

    private void checkLoss(double loss, double startLoss, int step) {
        if (!Double.isFinite(loss)) {
            throw new EngineException(FailureCode.NAN_DETECTED, "train loss became " + loss + " at step " + step
                    + " (learningRate " + settings.learningRate() + ")");
        }
        if (loss > settings.divergenceFactor() * Math.max(startLoss, 1e-12)) {
            throw new EngineException(FailureCode.NON_CONVERGED, String.format(
                    "diverged: train MSE %.3g at step %d, %.0fx its start %.3g (learningRate %.3g too large for the kernel grown in training)",
                    loss, step, loss / startLoss, startLoss, settings.learningRate()));
        }
    }

    /**
     * One GD step; returns the train MSE at the weights before the step. Public for the benchmarks
     * ({@code ./transferlab bench}, the JMH module), which time it alone; {@link #run} is the way to train.
     */
    public double step() {
        return step(settings.learningRate());
    }

    private double step(double eta) {
        double gamma = settings.gamma();
        double[] w = net.readout();
        double keepReadout = 1 - eta * settings.weightDecay();
        if (!trainFirstLayer) {
            double loss = forward();
            Blas.gemv(true, eta * gamma, a, delta, keepReadout, w);
            return loss;
        }
        // H into the feature buffer; one fused pass turns it into the backward factors
        // w o phi'(H) o Delta, computing the loss and A^T Delta on the way (pre-step readout throughout).
        net.preactivations(train.x(), a);
        double loss = readoutPass.run(net.activation(), a, w, 1.0 / (gamma * net.width()), train.y(), f0Train)
                / train.size();
        Matrix w1 = net.firstLayer();
        double pull = eta * settings.elasticCoupling();
        FusedPasses.decayTowards(w1, 1 - eta * settings.weightDecay() - pull, pull, anchor);
        Blas.gemm(true, false, eta * gamma / Math.sqrt(net.inputDim()), a, train.x(), 1.0, w1);
        double[] readoutGradient = readoutPass.readoutGradient();
        for (int i = 0; i < w.length; i++) {
            w[i] = keepReadout * w[i] + eta * gamma * readoutGradient[i];
        }
        return loss;
    }

    /** Forward pass on the training set: fills H, A, f, Delta; returns the train MSE. */
    private double forward() {
        if (trainFirstLayer || !featuresReady) {
            // A frozen first layer (fine-tuning) has the same features every step: computed once, the
            // step is one P x N product each way instead of a P x N x D one.
            net.features(train.x(), a);
            featuresReady = true;
        }
        Blas.gemv(false, 1.0 / (settings.gamma() * net.width()), a, net.readout(), 0.0, f);
        double sum = 0;
        double[] y = train.y();
        for (int mu = 0; mu < f.length; mu++) {
            f[mu] -= f0Train[mu];
            delta[mu] = y[mu] - f[mu];
            sum += delta[mu] * delta[mu];
        }
        return sum / f.length;
    }

    /** Density of h = W.x/sqrt(D) over all test inputs and units (Figure 4c's quantity), on fixed bins. */
    private Histogram testPreactivations() {
        Matrix preactivations = Matrix.zeros(test.size(), net.width());
        Blas.gemm(false, true, 1.0 / Math.sqrt(net.inputDim()), test.x(), net.firstLayer(), 0.0, preactivations);
        double[] values = preactivations.data();
        return HistogramBins.PREACTIVATIONS.histogram(values, 0, values.length);
    }

    /** Train MSE mean((f - y)^2) at the current weights. */
    public double trainLoss() {
        return forward();
    }

    /** Test MSE mean((f - y*)^2) against the clean test labels at the current weights. */
    public double testLoss() {
        return Vectors.meanSquaredDifference(testPredictions(), test.clean());
    }

    /** Centred outputs on the test inputs. */
    public double[] testPredictions() {
        double[] out = new double[test.size()];
        net.rawOutputs(test.x(), settings.gamma(), testBuffer, out);
        for (int i = 0; i < out.length; i++) {
            out[i] -= f0Test[i];
        }
        return out;
    }

    /**
     * Largest eigenvalue of the NTK of the trained parameters on the training inputs (Lanczos):
     * K = A A^T/N (readout) + (G o K_x) (first layer, when trained), applied as matrix-free products
     * so nothing P x P is formed. Function-space GD is Delta <- (I - eta K) Delta to first order,
     * stable iff eta < 2/lambda_max(K).
     */
    double largestNtkEigenvalue(CancellationToken token) {
        forward();
        double[] readoutSpace = new double[net.width()];
        Matrix z = trainFirstLayer ? Matrix.zeros(net.width(), net.inputDim()) : null;
        double[] tangent = trainFirstLayer ? new double[train.size()] : null;
        // Each product costs about one GD step: poll the token as often as the training loop does.
        return Lanczos.largestEigenvalue((v, out) -> {
            token.throwIfCancelled();
            applyNtk(v, out, readoutSpace, z, tangent);
        }, train.size(),
                LANCZOS_TOLERANCE, LANCZOS_MAX_PRODUCTS);
    }

    private void applyNtk(double[] v, double[] out, double[] readoutSpace, Matrix z, double[] tangent) {
        int n = net.width();
        Blas.gemv(true, 1.0, a, v, 0.0, readoutSpace);
        Blas.gemv(false, 1.0 / n, a, readoutSpace, 0.0, out);
        if (trainFirstLayer) {
            // (G o K_x) v: C = w o phi'(H) o v (P x N), Z = C^T X, T = X Z^T/D, out_mu += sum_i w_i phi'_mu,i T_mu,i / N.
            double[] w = net.readout();
            FusedPasses.gradientFactors(net.activation(), a, w, v, h);
            Blas.gemm(true, false, 1.0, h, train.x(), 0.0, z);
            Blas.gemm(false, true, 1.0 / net.inputDim(), train.x(), z, 0.0, h);
            FusedPasses.derivativeWeightedRowSums(net.activation(), a, w, h, tangent);
            Vectors.addScaled(out, 1.0 / n, tangent);
        }
    }
}
