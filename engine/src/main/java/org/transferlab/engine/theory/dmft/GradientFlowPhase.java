package org.transferlab.engine.theory.dmft;

import java.util.Optional;
import org.transferlab.engine.linalg.Activation;
import org.transferlab.engine.linalg.Blas;
import org.transferlab.engine.linalg.FusedPasses;
import org.transferlab.engine.linalg.Matrix;
import org.transferlab.engine.linalg.ParallelRows;
import org.transferlab.engine.linalg.ReadoutPass;
import org.transferlab.engine.run.CancellationToken;
import org.transferlab.engine.run.ProgressSink;
import org.transferlab.engine.sim.MeanWithError;
import org.transferlab.engine.sim.PhaseSettings;
import org.transferlab.engine.sim.StepSchedule;

/**
 * One phase of gradient flow over all weights of the particles (source, jointly rich or scratch):
 * the phases differ only in their points, labels and elastic anchor, so they share this loop.
 */
final class GradientFlowPhase {
    private final ParticleData data;
    private final ParticleSpec spec;
    private final Activation act;
    private final int groups;
    private final int mg;
    private final GroupFeatures features;
    private final StabilityBounds stability;

    GradientFlowPhase(ParticleData data, ParticleSpec spec, GroupFeatures features, StabilityBounds stability) {
        this.data = data;
        this.spec = spec;
        this.act = spec.activation();
        this.groups = spec.groups();
        this.mg = spec.groupSize();
        this.features = features;
        this.stability = stability;
    }

    /**
     * The gradient-flow loop of THEORY 4.A step 3 on the active points [from, to) with labels y.
     * Groups never interact, so each step runs the groups as independent tasks (in parallel when they
     * divide evenly over the cores, {@link ParallelRows#forEachTask}; cancellation is polled between
     * steps), in the points x particles layout of the finite-width trainer: h_I and phi(h_I) of the
     * group, its output F_g = phi_g w_g / (gamma M_g) - f0_g and residual Delta_g, the backward
     * factors A = w phi'(h_I) Delta_g, then w <- (1 - eta lambda) w + eta gamma phi^T Delta_g and
     * h <- (1 - eta (lambda + delta)) h + eta delta h_anchor + eta gamma K[:, I] A. Buffers are
     * allocated once per phase; a group step is two products around one fused pass
     * ({@link ReadoutPass}: phi, output, residual, phi^T Delta and A in one sweep over h), all through
     * the shared linalg layer.
     */
    PhaseResult run(String name, ParticleFields fields, double[][] w, ParticleFields anchor,
                    PhaseSettings phase, int from, int to, double[] y, Optional<double[]> testLabels,
                    ProgressSink progress, CancellationToken cancel) {
        int p = to - from;
        int pt = data.testCount();
        int testFrom = data.testFrom();
        int q = data.pointCount();
        double gamma = phase.gamma();
        double lambda = phase.weightDecay();
        double delta = anchor == null ? 0.0 : phase.elasticCoupling();
        boolean withTest = testLabels.isPresent() && pt > 0;
        boolean targetPhase = from == data.targetFrom();
        double[] labelsT = testLabels.orElse(new double[0]);

        // centring: f0 = the initial output, removed for the whole phase (THEORY 1.4, 4.A step 2)
        double[][] f0 = features.outputsOn(fields, w, gamma, from, to);
        double[][] f0T = withTest ? features.outputsOn(fields, w, gamma, testFrom, q) : new double[groups][0];
        ParticleFields.Active active = fields.activeSet(from, to);
        StepSchedule schedule = stability.gradientFlow(name, fields, active, from, to, w, phase, delta);

        // buffers per group: groups step in parallel when they divide evenly over the cores
        Matrix[] h = new Matrix[groups];
        ReadoutPass[] passes = new ReadoutPass[groups];
        Matrix[] ht = new Matrix[groups];
        for (int g = 0; g < groups; g++) {
            h[g] = Matrix.zeros(p, mg);
            passes[g] = new ReadoutPass(p, mg);
            ht[g] = Matrix.zeros(withTest ? pt : 0, mg);
        }
        double[][] outT = new double[groups][withTest ? pt : 0];
        double[] trainPer = new double[groups];

        CurveRecorder curve = new CurveRecorder(phase, withTest);
        Pacer pacer = new Pacer(name, progress, cancel);
        double scaleOut = 1.0 / (gamma * mg);
        double startLoss = Double.NaN;
        double tolerance = phase.trainLossTolerance();
        boolean watchRises = phase.adaptiveRate() && phase.mseIsObjective();
        boolean converged = false;
        while (true) {
            // the last pass only evaluates: at the horizon, or once the previous step met the tolerance
            boolean last = schedule.finished() || converged;
            // an early stop between grid points is recorded at the next one
            int at = schedule.onGrid() ? schedule.nominalStep() : schedule.nominalStep() + 1;
            boolean record = schedule.onGrid() && curve.isRecordStep(at) || last;
            pacer.poll(schedule.time(), phase.time());
            boolean evaluateTest = record && withTest;
            // the kernel at the state the step's loss is evaluated at, before the update; target phases
            // only: a P1 x P1 kernel per record would cost the source phase memory it does not otherwise need
            double alignment = record && targetPhase ? features.alignment(fields, from, to, y) : Double.NaN;
            boolean update = !last;
            double eta = schedule.rate();
            double keepW = 1 - eta * lambda;
            double keepH = 1 - eta * (lambda + delta);
            ParallelRows.forEachTask(groups, (long) p * mg, g -> {
                fields.block(g, from, to, h[g]);
                // h becomes the backward factors A = w phi'(h) Delta; the loss and phi^T Delta come with it
                trainPer[g] = passes[g].run(act, h[g], w[g], scaleOut, y, f0[g]) / p;
                if (evaluateTest) {
                    fields.block(g, testFrom, q, ht[g]);
                    FusedPasses.activate(act, ht[g], ht[g]);
                    Blas.gemv(false, scaleOut, ht[g], w[g], 0.0, outT[g]);
                    for (int j = 0; j < pt; j++) {
                        outT[g][j] -= f0T[g][j];
                    }
                }
                if (update) {
                    double[] readoutGradient = passes[g].readoutGradient();
                    for (int i = 0; i < mg; i++) {
                        w[g][i] = keepW * w[g][i] + eta * gamma * readoutGradient[i];
                    }
                    fields.update(g, active, h[g], eta * gamma, keepH, anchor, eta * delta);
                }
            });
            double loss = GroupMath.mean(trainPer);
            if (Double.isNaN(startLoss)) {
                startLoss = loss;
            }
            DivergenceCheck.check(trainPer, startLoss, at, name, phase);
            if (record) {
                curve.add(at, trainPer, evaluateTest ? InfiniteWidthLoss.of(outT, labelsT) : null, alignment);
            }
            if (last) {
                break;
            }
            schedule.advance();
            converged = !Double.isNaN(tolerance) && loss <= tolerance;
            // the loss is at the state before this step: a clear rise means an earlier step overshot
            if (watchRises) {
                schedule.watch(loss, startLoss, name);
            }
        }
        progress.report(name, 1.0);

        double[] ensemble = new double[0];
        Optional<InfiniteWidthLoss> testLoss = Optional.empty();
        if (withTest) {
            // outT holds the centred test outputs of the final state (the last step always records)
            ensemble = GroupMath.groupMean(outT);
            testLoss = Optional.of(InfiniteWidthLoss.of(outT, labelsT));
        }
        double[] finalTest = new double[groups * mg * pt];
        Matrix block = Matrix.zeros(pt, mg);
        for (int g = 0; g < groups; g++) {
            fields.block(g, testFrom, q, block);
            System.arraycopy(block.data(), 0, finalTest, g * mg * pt, pt * mg);
        }
        return new PhaseResult(curve.curve(), MeanWithError.of(trainPer), testLoss, ensemble,
                features.targetAlignment(fields), spec.bins().histogram(finalTest, 0, finalTest.length), schedule.rate(),
                schedule.stepsTaken(), features.targetSpectrum(fields));
    }
}
