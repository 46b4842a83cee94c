package org.transferlab.engine.theory.dmft;

import java.util.Arrays;
import java.util.Optional;
import java.util.SplittableRandom;
import org.transferlab.engine.kernel.KernelRidge;
import org.transferlab.engine.linalg.Activation;
import org.transferlab.engine.linalg.Blas;
import org.transferlab.engine.linalg.FusedPasses;
import org.transferlab.engine.linalg.Lanczos;
import org.transferlab.engine.linalg.Matrix;
import org.transferlab.engine.linalg.ParallelRows;
import org.transferlab.engine.linalg.ReadoutPass;
import org.transferlab.engine.run.CancellationToken;
import org.transferlab.engine.run.EngineException;
import org.transferlab.engine.run.ProgressSink;
import org.transferlab.engine.sim.MeanWithError;
import org.transferlab.engine.sim.PhaseSettings;
import org.transferlab.engine.sim.StepSchedule;
import org.transferlab.protocol.FailureCode;

/**
 * The infinite-width theory of gradient flow in a two-layer network by sampling M particles of the
 * single-site process (THEORY 2.1, 4.A): source phase, then fine-tuning on the frozen source
 * features, jointly rich training from the source features, or scratch training of the target.
 *
 * <p>The particles are split into G groups that never interact (each has its own output and
 * residual), so each group is an independent width-M/G estimate and their spread is an honest
 * Monte-Carlo error bar. One object is one run: {@link #trainSource} must come before
 * {@link #fineTune} and {@link #jointlyRich}; {@link #scratch} needs nothing before it.
 */
public final class ParticleSolver {
    private static final double LANCZOS_TOLERANCE = 1e-6;
    private static final int LANCZOS_PRODUCTS = 60;
    /** An engine-chosen rate is halved until it is at most this share of each stability bound. */
    private static final double STABLE_SHARE = 0.8;

    private final ParticleData data;
    private final ParticleSpec spec;
    private final Sampling sampling;
    private final Activation act;
    private final int groups;
    private final int mg;
    private final long sourceSeed;
    private final long jointSeed;
    private final long scratchSeed;
    private Matrix fieldKernel;             // K in internal order, built once for field-space sampling
    private ParticleFields sourceFields;    // H1 after the source phase
    private double[][] sourceOutputs;       // the source model's centred outputs on I2 + It, per group
    private PhaseResult sourceResult;       // the source phase's losses and schedule
    private ParticleFields lastFields;      // the most recently trained state, for the kernels

    public ParticleSolver(ParticleData data, ParticleSpec spec) {
        this.data = data;
        this.spec = spec;
        this.sampling = resolve(spec.sampling(), data);
        this.act = spec.activation();
        this.groups = spec.groups();
        this.mg = spec.groupSize();
        SplittableRandom seeds = new SplittableRandom(spec.seed());
        this.sourceSeed = seeds.nextLong();
        this.jointSeed = seeds.nextLong();
        this.scratchSeed = seeds.nextLong();
    }

    private static Sampling resolve(Sampling requested, ParticleData data) {
        if (requested == Sampling.WEIGHT_SPACE && !data.hasInputs()) {
            throw new EngineException(FailureCode.INVALID_SPEC,
                    "weight-space sampling needs the inputs, but only the input kernel was given");
        }
        if (requested != Sampling.AUTO) {
            return requested;
        }
        return data.hasInputs() && data.inputDim() < data.pointCount() ? Sampling.WEIGHT_SPACE : Sampling.FIELD_SPACE;
    }

    /** The sampling actually used (AUTO resolved). */
    public Sampling sampling() {
        return sampling;
    }

    /** Source phase on I1 from fresh particles; keeps the trained fields H1 for the target phases. */
    public PhaseResult trainSource(PhaseSettings phase, ProgressSink progress, CancellationToken cancel) {
        SplittableRandom rng = new SplittableRandom(sourceSeed);
        ParticleFields fields = sampleFields(rng);
        double[][] w = readouts(rng);
        int from = data.targetFrom();
        int to = data.pointCount();
        double[][] f0Rest = outputsOn(fields, w, phase.gamma(), from, to);
        PhaseResult result = train("source phase", fields, w, null, phase, 0, from,
                data.sourceLabels(), data.sourceTestLabels(), progress, cancel);
        double[][] out = outputsOn(fields, w, phase.gamma(), from, to);
        for (int g = 0; g < groups; g++) {
            for (int j = 0; j < out[g].length; j++) {
                out[g][j] -= f0Rest[g][j];
            }
        }
        sourceFields = fields;
        sourceOutputs = out;
        sourceResult = result;
        return result;
    }

    /** What the source phase produced (null before {@link #trainSource}). */
    public PhaseResult sourceResult() {
        return sourceResult;
    }

    /**
     * Jointly rich (THEORY 2.4, 2.5.1): from H1 with a fresh readout w ~ N(0,1) and a new centring,
     * all weights trained on I2 with the phase's gamma, lambda and elastic pull delta towards H1.
     */
    public PhaseResult jointlyRich(PhaseSettings phase, ProgressSink progress, CancellationToken cancel) {
        requireSourceAndTarget("jointly rich training");
        ParticleFields fields = sourceFields.copy();
        double[][] w = readouts(new SplittableRandom(jointSeed));
        return train("jointly rich target phase", fields, w, sourceFields, phase, data.targetFrom(),
                data.testFrom(), data.targetLabels(), Optional.of(data.testLabels()), progress, cancel);
    }

    /** Scratch baseline: fresh particles trained on I2 (elastic ignored: there is nothing to pull to). */
    public PhaseResult scratch(PhaseSettings phase, ProgressSink progress, CancellationToken cancel) {
        if (data.targetCount() == 0) {
            throw new EngineException(FailureCode.INVALID_SPEC, "scratch training needs target-train points");
        }
        SplittableRandom rng = new SplittableRandom(scratchSeed);
        ParticleFields fields = sampleFields(rng);
        double[][] w = readouts(rng);
        return train("scratch target phase", fields, w, null, phase, data.targetFrom(), data.testFrom(),
                data.targetLabels(), Optional.of(data.testLabels()), progress, cancel);
    }

    /**
     * Fine-tuning (THEORY 2.3): the first layer frozen at H1, a readout trained on I2 with ridge
     * {@code phase.weightDecay()}. Started at zero (or, equivalently after centring, at random) the
     * readout stays in the span of phi(H1[:, I2]), so the dynamics are exactly f = Phi_1(., I2) c with
     * c <- (1 - eta lambda) c + eta Delta and run in function space at O(P2^2) per step; their limit is
     * kernel (ridge) regression with Phi_1 (4.B). Started at the source readout (FT-keep) the source
     * function f_1 is added, and the ridge acts on the change w - w_1:
     * f = f_1 + Phi_1(., X2)[Phi_1 + lambda I]^{-1}(y2 - f_1(X2)).
     */
    public FineTuneResult fineTune(PhaseSettings phase, ReadoutStart start, ProgressSink progress,
                                   CancellationToken cancel) {
        requireSourceAndTarget("fine-tuning");
        lastFields = sourceFields;
        int p2 = data.targetCount();
        int pt = data.testCount();
        int rows = p2 + pt;
        Matrix phiT = Matrix.zeros(rows, mg);
        Matrix phiI = Matrix.zeros(p2, mg);
        Matrix[] kII = new Matrix[groups];
        Matrix[] kTI = new Matrix[groups];
        Matrix pooledII = Matrix.zeros(p2, p2);
        Matrix pooledTI = Matrix.zeros(pt, p2);
        double[] testFields = new double[groups * mg * pt];
        for (int g = 0; g < groups; g++) {
            sourceFields.block(g, data.targetFrom(), data.pointCount(), phiT);
            System.arraycopy(phiT.data(), p2 * mg, testFields, g * mg * pt, pt * mg);
            FusedPasses.activate(act, phiT, phiT);
            System.arraycopy(phiT.data(), 0, phiI.data(), 0, p2 * mg);
            Matrix k = Matrix.zeros(rows, p2);
            Blas.gemm(false, true, 1.0 / mg, phiT, phiI, 0.0, k);
            kII[g] = k.rowRange(0, p2);
            kTI[g] = k.rowRange(p2, rows);
            addScaled(pooledII, kII[g], 1.0 / groups);
            addScaled(pooledTI, kTI[g], 1.0 / groups);
        }
        double lambda = phase.weightDecay();
        double eta = phase.learningRate();
        double lambdaMax = 0;
        for (int g = 0; g < groups; g++) {
            Matrix k = kII[g];
            lambdaMax = Math.max(lambdaMax, Lanczos.largestEigenvalue((x, y) -> Blas.gemv(false, 1.0, k, x, 0.0, y),
                    p2, LANCZOS_TOLERANCE, LANCZOS_PRODUCTS));
        }
        double curvature = lambdaMax + lambda;
        StepSchedule schedule = new StepSchedule(eta, phase.steps());
        if (spec.enforceStability() && eta * curvature >= 2.0 && !phase.adaptiveRate()) {
            throw new EngineException(FailureCode.INVALID_SPEC, String.format(
                    "learningRate = %g is past the fine-tuning stability bound: eta (lambda_max(Phi_1) + ridge)"
                            + " = %.4g >= 2, so learningRate must be below %.4g", eta, eta * curvature, 2.0 / curvature));
        }
        // the readout's loss is quadratic with this curvature: a rate within the bound stays stable
        while (schedule.rate() * curvature > 2.0 * STABLE_SHARE) {
            schedule.halve("fine-tuning readout");
        }

        // offsets: the source function on I2 + It per group (FT-keep), or nothing
        double[][] offset = start == ReadoutStart.SOURCE ? sourceOutputs : new double[groups][rows];
        double[] pooledOffset = groupMean(offset);
        double[] y = data.targetLabels();
        double[] yt = data.testLabels();
        double[][] c = new double[groups][p2];
        double[] f = new double[p2];
        double[][] ft = new double[groups][pt];
        double[] trainPer = new double[groups];
        CurveRecorder curve = new CurveRecorder(phase, true);
        Pacer pacer = new Pacer("fine-tuning readout", progress, cancel);
        double startLoss = Double.NaN;
        while (true) {
            boolean last = schedule.finished();
            int step = schedule.nominalStep();
            pacer.poll(schedule.time(), phase.time());
            boolean record = schedule.onGrid() && curve.isRecordStep(step) || last;
            double rate = schedule.rate();
            for (int g = 0; g < groups; g++) {
                System.arraycopy(offset[g], 0, f, 0, p2);
                Blas.gemv(false, 1.0, kII[g], c[g], 1.0, f);
                if (record) {
                    System.arraycopy(offset[g], p2, ft[g], 0, pt);
                    Blas.gemv(false, 1.0, kTI[g], c[g], 1.0, ft[g]);
                }
                double loss = 0;
                for (int mu = 0; mu < p2; mu++) {
                    double delta = y[mu] - f[mu];
                    loss += delta * delta;
                    if (!last) {
                        c[g][mu] = (1 - rate * lambda) * c[g][mu] + rate * delta;
                    }
                }
                trainPer[g] = loss / p2;
            }
            if (Double.isNaN(startLoss)) {
                startLoss = mean(trainPer);
            }
            checkFinite(trainPer, startLoss, step, "fine-tuning readout", phase);
            if (record) {
                curve.add(step, trainPer, InfiniteWidthLoss.of(ft, yt));
            }
            if (last) {
                break;
            }
            schedule.advance();
        }

        double[][] krr = new double[groups][];
        for (int g = 0; g < groups; g++) {
            krr[g] = Arrays.copyOfRange(offset[g], p2, rows);
            double[] a = KernelRidge.fit(kII[g], residual(y, offset[g]), lambda).coefficients();
            Blas.gemv(false, 1.0, kTI[g], a, 1.0, krr[g]);
        }
        double[] pooledPred = Arrays.copyOfRange(pooledOffset, p2, rows);
        double[] pooledA = KernelRidge.fit(pooledII, residual(y, pooledOffset), lambda).coefficients();
        Blas.gemv(false, 1.0, pooledTI, pooledA, 1.0, pooledPred);

        PhaseResult dynamics = new PhaseResult(curve.curve(), MeanWithError.of(trainPer),
                Optional.of(InfiniteWidthLoss.of(ft, yt)), groupMean(ft),
                KernelAlignment.of(pooledII, y), spec.bins().histogram(testFields, 0, testFields.length),
                schedule.rate(), schedule.stepsTaken());
        progress.report("fine-tuning readout", 1.0);
        return new FineTuneResult(dynamics, InfiniteWidthLoss.of(krr, yt), mse(pooledPred, yt), pooledPred);
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
    private PhaseResult train(String name, ParticleFields fields, double[][] w, ParticleFields anchor,
                              PhaseSettings phase, int from, int to, double[] y, Optional<double[]> testLabels,
                              ProgressSink progress, CancellationToken cancel) {
        lastFields = fields;
        int p = to - from;
        int pt = data.testCount();
        int testFrom = data.testFrom();
        int q = data.pointCount();
        double gamma = phase.gamma();
        double lambda = phase.weightDecay();
        double delta = anchor == null ? 0.0 : phase.elasticCoupling();
        boolean withTest = testLabels.isPresent() && pt > 0;
        double[] labelsT = testLabels.orElse(new double[0]);

        // centring: f0 = the initial output, removed for the whole phase (THEORY 1.4, 4.A step 2)
        double[][] f0 = outputsOn(fields, w, gamma, from, to);
        double[][] f0T = withTest ? outputsOn(fields, w, gamma, testFrom, q) : new double[groups][0];
        ParticleFields.Active active = fields.activeSet(from, to);
        StepSchedule schedule = schedule(name, fields, active, from, to, w, phase, delta);

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
            double loss = mean(trainPer);
            if (Double.isNaN(startLoss)) {
                startLoss = loss;
            }
            checkFinite(trainPer, startLoss, at, name, phase);
            if (record) {
                curve.add(at, trainPer, evaluateTest ? InfiniteWidthLoss.of(outT, labelsT) : null);
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
            ensemble = groupMean(outT);
            testLoss = Optional.of(InfiniteWidthLoss.of(outT, labelsT));
        }
        double[] finalTest = new double[groups * mg * pt];
        Matrix block = Matrix.zeros(pt, mg);
        for (int g = 0; g < groups; g++) {
            fields.block(g, testFrom, q, block);
            System.arraycopy(block.data(), 0, finalTest, g * mg * pt, pt * mg);
        }
        return new PhaseResult(curve.curve(), MeanWithError.of(trainPer), testLoss, ensemble,
                targetAlignment(fields), spec.bins().histogram(finalTest, 0, finalTest.length), schedule.rate(),
                schedule.stepsTaken());
    }

    /** The pooled feature kernel Phi(rows, cols) = phi(H)^T phi(H) / M of the most recently trained state. */
    public Matrix featureKernel(PointBlock rows, PointBlock cols) {
        return pooledKernel(rows, cols, false);
    }

    /**
     * G'(rows, cols) = E[phi'(h) phi'(h')] of the most recently trained state: with a fresh readout
     * (E w^2 = 1) the lazy jointly-rich kernel is Phi_1 + G'_1 o K_x (THEORY 2.4).
     */
    public Matrix derivativeKernel(PointBlock rows, PointBlock cols) {
        return pooledKernel(rows, cols, true);
    }

    private Matrix pooledKernel(PointBlock rows, PointBlock cols, boolean derivative) {
        if (lastFields == null) {
            throw new IllegalStateException("no phase has been trained yet");
        }
        int[] r = range(rows);
        int[] c = range(cols);
        Matrix hr = Matrix.zeros(r[1] - r[0], mg);
        Matrix hc = Matrix.zeros(c[1] - c[0], mg);
        Matrix k = Matrix.zeros(hr.rows(), hc.rows());
        for (int g = 0; g < groups; g++) {
            lastFields.block(g, r[0], r[1], hr);
            lastFields.block(g, c[0], c[1], hc);
            FusedPasses.activate(act, hr, hr);
            FusedPasses.activate(act, hc, hc);
            if (derivative) {
                toDerivative(hr);
                toDerivative(hc);
            }
            Blas.gemm(false, true, 1.0 / (mg * groups), hr, hc, 1.0, k);
        }
        return k;
    }

    /** phi(h) -> phi'(h), in place. */
    private void toDerivative(Matrix a) {
        double[] d = a.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = act.derivativeFromOutput(d[i]);
        }
    }

    private int[] range(PointBlock block) {
        return switch (block) {
            case SOURCE_TRAIN -> new int[] {0, data.targetFrom()};
            case TARGET_TRAIN -> new int[] {data.targetFrom(), data.testFrom()};
            case TEST -> new int[] {data.testFrom(), data.pointCount()};
        };
    }

    private void requireSourceAndTarget(String what) {
        if (sourceFields == null) {
            throw new IllegalStateException(what + " needs the source phase first");
        }
        if (data.targetCount() == 0) {
            throw new EngineException(FailureCode.INVALID_SPEC, what + " needs target-train points");
        }
    }

    private ParticleFields sampleFields(SplittableRandom rng) {
        if (sampling == Sampling.WEIGHT_SPACE) {
            return WeightSpaceFields.sample(groups, mg, data.inputs(), rng);
        }
        if (fieldKernel == null) {
            fieldKernel = data.kernel();
        }
        return FieldSpaceFields.sample(groups, mg, fieldKernel, rng);
    }

    private double[][] readouts(SplittableRandom rng) {
        double[][] w = new double[groups][mg];
        for (double[] wg : w) {
            for (int i = 0; i < mg; i++) {
                wg[i] = rng.nextGaussian();
            }
        }
        return w;
    }

    /** Uncentred group outputs phi(h) w_g / (gamma M_g) on points [from, to). */
    private double[][] outputsOn(ParticleFields fields, double[][] w, double gamma, int from, int to) {
        Matrix phi = Matrix.zeros(to - from, mg);
        double[][] out = new double[groups][to - from];
        for (int g = 0; g < groups; g++) {
            fields.block(g, from, to, phi);
            FusedPasses.activate(act, phi, phi);
            Blas.gemv(false, 1.0 / (gamma * mg), phi, w[g], 0.0, out[g]);
        }
        return out;
    }

    /**
     * The phase's step schedule, after checking its rate against what the Euler scheme can follow
     * (THEORY 4.A "Stability"). Three bounds: the feature step eta gamma lambda_max(K_II) < 1 of 4.A; the
     * function-space step eta (lambda_max(NTK_II) + 2 lambda) < 2, where lambda_max(NTK) <=
     * lambda_max(Phi) + max_mu G_mumu lambda_max(K) (Weyl, and Schur's bound for G o K) on the phase's
     * initial particles; and eta (lambda + delta) < 1 for the relaxation of h towards its anchor. A
     * user's rate past a bound is refused; the engine's own is halved until it is within
     * {@link #STABLE_SHARE} of every bound.
     */
    private StepSchedule schedule(String name, ParticleFields fields, ParticleFields.Active active, int from, int to,
                                  double[][] w, PhaseSettings phase, double delta) {
        StepSchedule schedule = new StepSchedule(phase.learningRate(), phase.steps());
        if (!spec.enforceStability()) {
            return schedule;
        }
        int p = to - from;
        double eta = phase.learningRate();
        double lambdaK = Lanczos.largestEigenvalue(active::kernelTimes, p, LANCZOS_TOLERANCE, LANCZOS_PRODUCTS);
        Matrix[] phi = new Matrix[groups];
        double[] gDiag = new double[p];
        for (int g = 0; g < groups; g++) {
            phi[g] = Matrix.zeros(p, mg);
            fields.block(g, from, to, phi[g]);
            FusedPasses.activate(act, phi[g], phi[g]);
            for (int mu = 0; mu < p; mu++) {
                for (int i = 0; i < mg; i++) {
                    double gi = w[g][i] * act.derivativeFromOutput(phi[g].get(mu, i));
                    gDiag[mu] += gi * gi / (mg * groups);
                }
            }
        }
        double[] tmp = new double[mg];
        double[] part = new double[p];
        double lambdaPhi = Lanczos.largestEigenvalue((x, y) -> {
            Arrays.fill(y, 0.0);
            for (Matrix pg : phi) {
                Blas.gemv(true, 1.0, pg, x, 0.0, tmp);
                Blas.gemv(false, 1.0 / (mg * groups), pg, tmp, 0.0, part);
                for (int mu = 0; mu < p; mu++) {
                    y[mu] += part[mu];
                }
            }
        }, p, LANCZOS_TOLERANCE, LANCZOS_PRODUCTS);
        double gMax = Arrays.stream(gDiag).max().orElse(0.0);
        double curvature = lambdaPhi + gMax * lambdaK + 2 * phase.weightDecay();
        // h relaxes towards its anchor at rate lambda + delta; past eta (lambda + delta) = 1 the Euler
        // step overshoots and the fields oscillate (stable up to 2, but measurably wrong already at 1.5)
        double decay = phase.weightDecay() + delta;
        double[] limits = {1.0 / (phase.gamma() * lambdaK), 2.0 / curvature, 1.0 / decay};
        String[] bounds = {
            String.format("eta * gamma * lambda_max(K_II) < 1 (gamma = %g, lambda_max = %.4g)", phase.gamma(), lambdaK),
            "eta * (lambda_max(NTK_II) + 2 lambda) < 2",
            "eta * (lambda + delta) < 1"};
        for (int b = 0; b < limits.length; b++) {
            if (eta >= limits[b] && !phase.adaptiveRate()) {
                throw new EngineException(FailureCode.INVALID_SPEC, String.format(
                        "%s: learningRate = %g is past the stability bound %s, so learningRate must be below %.4g",
                        name, eta, bounds[b], limits[b]));
            }
            while (schedule.rate() > STABLE_SHARE * limits[b]) {
                schedule.halve(name);
            }
        }
        return schedule;
    }

    /** NaN or infinity: NAN_DETECTED; finite growth past the phase's divergence factor: NON_CONVERGED. */
    private static void checkFinite(double[] lossPerGroup, double startLoss, int step, String name,
                                    PhaseSettings phase) {
        double mean = 0;
        for (double v : lossPerGroup) {
            if (!Double.isFinite(v)) {
                throw new EngineException(FailureCode.NAN_DETECTED,
                        name + ": train loss became " + v + " at step " + step + " (learning rate too large?)");
            }
            mean += v / lossPerGroup.length;
        }
        if (step > 0 && mean > phase.divergenceFactor() * Math.max(startLoss, 1e-12)) {
            throw new EngineException(FailureCode.NON_CONVERGED, String.format(
                    "%s: diverged, train loss %.4g at step %d from %.4g at the start (learning rate too large?)",
                    name, mean, step, startLoss));
        }
    }

    private double targetAlignment(ParticleFields fields) {
        if (data.targetCount() == 0) {
            return Double.NaN;
        }
        return KernelAlignment.of(pooledKernel(PointBlock.TARGET_TRAIN, PointBlock.TARGET_TRAIN, false),
                data.targetLabels());
    }

    /** m += s * other, elementwise. */
    private static void addScaled(Matrix m, Matrix other, double s) {
        double[] d = m.data();
        double[] o = other.data();
        for (int i = 0; i < d.length; i++) {
            d[i] += s * o[i];
        }
    }

    /** Mean over groups of per-group vectors. */
    private double[] groupMean(double[][] perGroup) {
        double[] mean = new double[perGroup[0].length];
        for (double[] v : perGroup) {
            for (int j = 0; j < mean.length; j++) {
                mean[j] += v[j] / groups;
            }
        }
        return mean;
    }

    /** y - offset[0, |y|). */
    private static double[] residual(double[] y, double[] offset) {
        double[] r = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            r[i] = y[i] - offset[i];
        }
        return r;
    }

    private static double mse(double[] f, double[] y) {
        double s = 0;
        for (int j = 0; j < y.length; j++) {
            double d = f[j] - y[j];
            s += d * d;
        }
        return y.length == 0 ? Double.NaN : s / y.length;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d;
        }
        return s / v.length;
    }
}
