package org.transferlab.engine.theory.dmft;

import java.util.Arrays;
import java.util.Optional;
import java.util.SplittableRandom;
import org.transferlab.engine.run.CancellationToken;
import org.transferlab.engine.run.EngineException;
import org.transferlab.engine.run.ProgressSink;
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
    /** A run whose train loss grows this many times beyond its start has diverged. */
    private static final double DIVERGENCE_FACTOR = 1e6;

    private final ParticleData data;
    private final ParticleSpec spec;
    private final Sampling sampling;
    private final Activation act;
    private final int m;
    private final int groups;
    private final int groupSize;
    private final long sourceSeed;
    private final long jointSeed;
    private final long scratchSeed;
    private double[] fieldKernel;           // K in internal order, built once for field-space sampling
    private ParticleFields sourceFields;    // H1 after the source phase
    private double[] sourceOutputs;         // the source model's centred outputs on I2 + It, per group
    private ParticleFields lastFields;      // the most recently trained state, for featureKernel

    public ParticleSolver(ParticleData data, ParticleSpec spec) {
        this.data = data;
        this.spec = spec;
        this.sampling = resolve(spec.sampling(), data);
        this.act = spec.activation();
        this.m = spec.particles();
        this.groups = spec.groups();
        this.groupSize = spec.groupSize();
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
    public PhaseResult trainSource(PhaseSpec phase, ProgressSink progress, CancellationToken cancel) {
        GaussianSampler rng = new GaussianSampler(sourceSeed);
        ParticleFields fields = sampleFields(rng);
        double[] w = new double[m];
        rng.fill(w, 0, m);
        int rest = data.pointCount() - data.targetFrom();
        double[] f0Rest = new double[groups * rest];
        outputsOn(fields, w, phase.gamma(), data.targetFrom(), data.pointCount(), f0Rest);
        PhaseResult result = train("source phase", fields, w, null, phase, 0, data.targetFrom(),
                data.sourceLabels(), data.sourceTestLabels(), progress, cancel);
        double[] out = new double[groups * rest];
        outputsOn(fields, w, phase.gamma(), data.targetFrom(), data.pointCount(), out);
        for (int i = 0; i < out.length; i++) {
            out[i] -= f0Rest[i];
        }
        sourceFields = fields;
        sourceOutputs = out;
        return result;
    }

    /**
     * Jointly rich (THEORY 2.4, 2.5.1): from H1 with a fresh readout w ~ N(0,1) and a new centring,
     * all weights trained on I2 with the phase's gamma, lambda and elastic pull delta towards H1.
     */
    public PhaseResult jointlyRich(PhaseSpec phase, ProgressSink progress, CancellationToken cancel) {
        requireSourceAndTarget("jointly rich training");
        ParticleFields fields = sourceFields.copy();
        double[] w = new double[m];
        new GaussianSampler(jointSeed).fill(w, 0, m);
        return train("jointly rich target phase", fields, w, sourceFields, phase, data.targetFrom(),
                data.testFrom(), data.targetLabels(), Optional.of(data.testLabels()), progress, cancel);
    }

    /** Scratch baseline: fresh particles trained on I2 (elastic ignored: there is nothing to pull to). */
    public PhaseResult scratch(PhaseSpec phase, ProgressSink progress, CancellationToken cancel) {
        if (data.targetCount() == 0) {
            throw new EngineException(FailureCode.INVALID_SPEC, "scratch training needs target-train points");
        }
        GaussianSampler rng = new GaussianSampler(scratchSeed);
        ParticleFields fields = sampleFields(rng);
        double[] w = new double[m];
        rng.fill(w, 0, m);
        PhaseSpec noPull = new PhaseSpec(phase.gamma(), phase.weightDecay(), 0.0, phase.learningRate(),
                phase.steps(), phase.recordEvery());
        return train("scratch target phase", fields, w, null, noPull, data.targetFrom(), data.testFrom(),
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
    public FineTuneResult fineTune(PhaseSpec phase, ReadoutStart start, ProgressSink progress,
                                   CancellationToken cancel) {
        requireSourceAndTarget("fine-tuning");
        lastFields = sourceFields;
        int p2 = data.targetCount();
        int pt = data.testCount();
        int rows = p2 + pt;
        double[] h = new double[m * rows];
        sourceFields.block(data.targetFrom(), data.pointCount(), h);
        double[] phi = new double[h.length];
        for (int i = 0; i < h.length; i++) {
            phi[i] = act.apply(h[i]);
        }
        // per group g: Phi_1,g(T, I2) for T = I2 + It, a (P2 + Pt) x P2 block at offset g * rows * p2
        int block = rows * p2;
        double[] kernels = new double[groups * block];
        for (int g = 0; g < groups; g++) {
            RowMajor.gemm(true, false, rows, p2, groupSize, 1.0 / groupSize, phi, g * groupSize * rows, rows,
                    phi, g * groupSize * rows, rows, 0.0, kernels, g * block, p2);
        }
        double[] pooled = new double[block];
        for (int g = 0; g < groups; g++) {
            for (int i = 0; i < block; i++) {
                pooled[i] += kernels[g * block + i] / groups;
            }
        }
        double lambda = phase.weightDecay();
        double eta = phase.learningRate();
        double lambdaMax = 0;
        for (int g = 0; g < groups; g++) {
            int off = g * block;
            lambdaMax = Math.max(lambdaMax, PowerIteration.largest(p2,
                    (x, y) -> RowMajor.gemv(p2, p2, 1.0, kernels, off, p2, x, 0, 0.0, y, 0)));
        }
        double curvature = lambdaMax + lambda;
        if (spec.enforceStability() && eta * curvature >= 2.0) {
            throw new EngineException(FailureCode.INVALID_SPEC, String.format(
                    "learningRate = %g is past the fine-tuning stability bound: eta (lambda_max(Phi_1) + ridge)"
                            + " = %.4g >= 2, so learningRate must be below %.4g", eta, eta * curvature, 2.0 / curvature));
        }

        // offsets: the source function on I2 + It per group (FT-keep), or nothing
        double[] offset = start == ReadoutStart.SOURCE ? sourceOutputs : new double[groups * rows];
        double[] pooledOffset = groupMean(offset, rows);
        double[] y = data.targetLabels();
        double[] yt = data.testLabels();
        double[] c = new double[groups * p2];
        double[] f = new double[p2];
        double[] ft = new double[groups * pt];
        double[] trainPer = new double[groups];
        double[] testPer = new double[groups];
        CurveRecorder curve = new CurveRecorder(phase, true);
        Pacer pacer = new Pacer("fine-tuning readout", progress, cancel);
        double startLoss = Double.NaN;
        for (int step = 0; step <= phase.steps(); step++) {
            pacer.poll(step, phase.steps());
            boolean record = curve.isRecordStep(step);
            for (int g = 0; g < groups; g++) {
                int off = g * block;
                int co = g * p2;
                System.arraycopy(offset, g * rows, f, 0, p2);
                RowMajor.gemv(p2, p2, 1.0, kernels, off, p2, c, co, 1.0, f, 0);
                if (record) {
                    System.arraycopy(offset, g * rows + p2, ft, g * pt, pt);
                    RowMajor.gemv(pt, p2, 1.0, kernels, off + p2 * p2, p2, c, co, 1.0, ft, g * pt);
                    testPer[g] = mse(ft, g * pt, yt);
                }
                double loss = 0;
                for (int mu = 0; mu < p2; mu++) {
                    double delta = y[mu] - f[mu];
                    loss += delta * delta;
                    if (step < phase.steps()) {
                        c[co + mu] = (1 - eta * lambda) * c[co + mu] + eta * delta;
                    }
                }
                trainPer[g] = loss / p2;
            }
            if (step == 0) {
                startLoss = mean(trainPer);
            }
            checkFinite(trainPer, startLoss, step, "fine-tuning readout");
            if (record) {
                curve.add(step, trainPer, testPer);
            }
        }
        double[] ensemble = groupMean(ft, pt);

        double[] krrPer = new double[groups];
        double[] pred = new double[pt];
        for (int g = 0; g < groups; g++) {
            double[] a = SpdSolve.solve(Arrays.copyOfRange(kernels, g * block, g * block + p2 * p2), p2, lambda,
                    residual(y, offset, g * rows));
            System.arraycopy(offset, g * rows + p2, pred, 0, pt);
            RowMajor.gemv(pt, p2, 1.0, kernels, g * block + p2 * p2, p2, a, 0, 1.0, pred, 0);
            krrPer[g] = mse(pred, 0, yt);
        }
        double[] pooledA = SpdSolve.solve(Arrays.copyOf(pooled, p2 * p2), p2, lambda, residual(y, pooledOffset, 0));
        double[] pooledPred = Arrays.copyOfRange(pooledOffset, p2, rows);
        RowMajor.gemv(pt, p2, 1.0, pooled, p2 * p2, p2, pooledA, 0, 1.0, pooledPred, 0);

        PhaseResult dynamics = new PhaseResult(curve.curve(), GroupEstimate.of(trainPer),
                Optional.of(GroupEstimate.of(testPer)), mse(ensemble, 0, yt), ensemble,
                KernelAlignment.of(Arrays.copyOf(pooled, p2 * p2), y),
                testHistogram(h, rows, p2));
        progress.report("fine-tuning readout", 1.0);
        return new FineTuneResult(dynamics, GroupEstimate.of(krrPer), mse(pooledPred, 0, yt), pooledPred);
    }

    /**
     * The gradient-flow loop of THEORY 4.A step 3 on the active columns [from, to) with labels y.
     * Groups never interact, so each step runs group by group (cancellation is polled between
     * groups): h_I and phi(h_I) of the group, its output F_g = w_g . phi_g / (gamma M_g) - f0_g and
     * residual Delta_g, A = w phi'(h_I) Delta_g, then w <- (1 - eta lambda) w + eta gamma phi Delta_g
     * and h <- (1 - eta (lambda + delta)) h + eta gamma A K[I, :] + eta delta h_anchor. Buffers are
     * allocated once per phase; a group step is two BLAS-3 calls, one BLAS-2 call and fused loops.
     */
    private PhaseResult train(String name, ParticleFields fields, double[] w, ParticleFields anchor, PhaseSpec phase,
                              int from, int to, double[] y, Optional<double[]> testLabels,
                              ProgressSink progress, CancellationToken cancel) {
        lastFields = fields;
        int p = to - from;
        int pt = data.testCount();
        int testFrom = data.testFrom();
        int q = data.pointCount();
        double gamma = phase.gamma();
        double eta = phase.learningRate();
        double lambda = phase.weightDecay();
        double delta = anchor == null ? 0.0 : phase.elastic();
        boolean withTest = testLabels.isPresent() && pt > 0;
        int mg = groupSize;

        // centring: f0 = the initial output, removed for the whole phase (THEORY 1.4, 4.A step 2)
        double[] f0 = new double[groups * p];
        double[] f0T = new double[withTest ? groups * pt : 0];
        {
            double[] h0 = new double[m * p];
            double[] phi0 = new double[m * p];
            fields.block(from, to, h0);
            activate(h0, phi0);
            outputs(phi0, p, w, gamma, f0);
            checkStability(name, fields, from, to, h0, phi0, w, phase, delta);
        }
        if (withTest) {
            double[] phiT0 = new double[m * pt];
            fields.block(testFrom, q, phiT0);
            activate(phiT0, phiT0);
            outputs(phiT0, pt, w, gamma, f0T);
        }

        double[] h = new double[mg * p];
        double[] phi = new double[mg * p];
        double[] a = new double[mg * p];
        double[] residual = new double[p];
        double[] ht = new double[withTest ? mg * pt : 0];
        double[] outT = new double[withTest ? groups * pt : 0];
        double[] trainPer = new double[groups];
        double[] testPer = new double[groups];
        double[] labelsT = testLabels.orElse(new double[0]);

        CurveRecorder curve = new CurveRecorder(phase, withTest);
        Pacer pacer = new Pacer(name, progress, cancel);
        double keepW = 1 - eta * lambda;
        double keepH = 1 - eta * (lambda + delta);
        double scaleOut = 1.0 / (gamma * mg);
        double startLoss = Double.NaN;
        long total = (long) (phase.steps() + 1) * groups;
        for (int step = 0; step <= phase.steps(); step++) {
            boolean record = curve.isRecordStep(step);
            boolean last = step == phase.steps();
            for (int g = 0; g < groups; g++) {
                pacer.poll((long) step * groups + g, total);
                int r0 = g * mg;
                fields.block(r0, r0 + mg, from, to, h);
                activate(h, phi);
                RowMajor.gemvT(mg, p, scaleOut, phi, 0, p, w, r0, 0.0, residual, 0);
                double loss = 0;
                for (int mu = 0; mu < p; mu++) {
                    double d = y[mu] - (residual[mu] - f0[g * p + mu]);
                    residual[mu] = d;
                    loss += d * d;
                }
                trainPer[g] = loss / p;
                if (record && withTest) {
                    fields.block(r0, r0 + mg, testFrom, q, ht);
                    activate(ht, ht);
                    RowMajor.gemvT(mg, pt, scaleOut, ht, 0, pt, w, r0, 0.0, outT, g * pt);
                    for (int j = 0; j < pt; j++) {
                        outT[g * pt + j] -= f0T[g * pt + j];
                    }
                    testPer[g] = mse(outT, g * pt, labelsT);
                }
                if (last) {
                    continue;
                }
                for (int i = 0; i < mg; i++) {
                    int row = i * p;
                    double wi = w[r0 + i];
                    for (int mu = 0; mu < p; mu++) {
                        a[row + mu] = wi * act.derivative(h[row + mu]) * residual[mu];
                    }
                }
                RowMajor.gemv(mg, p, eta * gamma, phi, 0, p, residual, 0, keepW, w, r0);
                fields.update(r0, r0 + mg, from, to, a, eta * gamma, keepH, anchor, eta * delta);
            }
            if (step == 0) {
                startLoss = mean(trainPer);
            }
            checkFinite(trainPer, startLoss, step, name);
            if (record) {
                curve.add(step, trainPer, testPer);
            }
        }
        progress.report(name, 1.0);

        double[] ensemble = new double[0];
        Optional<GroupEstimate> testLoss = Optional.empty();
        double ensembleLoss = Double.NaN;
        if (withTest) {
            // outT holds the centred test outputs of the final state (the last step always records)
            ensemble = groupMean(outT, pt);
            testLoss = Optional.of(GroupEstimate.of(testPer));
            ensembleLoss = mse(ensemble, 0, labelsT);
        }
        double[] finalTest = new double[m * pt];
        fields.block(testFrom, q, finalTest);
        return new PhaseResult(curve.curve(), GroupEstimate.of(trainPer), testLoss, ensembleLoss, ensemble,
                targetAlignment(fields), spec.bins().histogram(finalTest, 0, finalTest.length));
    }

    /** The pooled feature kernel Phi(rows, cols) = phi(H)^T phi(H) / M of the most recently trained state. */
    public double[] featureKernel(PointBlock rows, PointBlock cols) {
        if (lastFields == null) {
            throw new IllegalStateException("no phase has been trained yet");
        }
        int[] r = range(rows);
        int[] c = range(cols);
        double[] phiR = phiBlock(lastFields, r[0], r[1]);
        double[] phiC = phiBlock(lastFields, c[0], c[1]);
        int nr = r[1] - r[0];
        int nc = c[1] - c[0];
        double[] k = new double[nr * nc];
        RowMajor.gemm(true, false, nr, nc, m, 1.0 / m, phiR, 0, nr, phiC, 0, nc, 0.0, k, 0, nc);
        return k;
    }

    /**
     * G'(rows, cols) = phi'(H)^T phi'(H) / M of the most recently trained state: with a fresh readout
     * (E w^2 = 1) the lazy jointly-rich kernel is Phi_1 + G'_1 o K_x (THEORY 2.4).
     */
    public double[] derivativeKernel(PointBlock rows, PointBlock cols) {
        if (lastFields == null) {
            throw new IllegalStateException("no phase has been trained yet");
        }
        int[] r = range(rows);
        int[] c = range(cols);
        int nr = r[1] - r[0];
        int nc = c[1] - c[0];
        double[] dr = new double[m * nr];
        double[] dc = new double[m * nc];
        lastFields.block(r[0], r[1], dr);
        lastFields.block(c[0], c[1], dc);
        for (int i = 0; i < dr.length; i++) {
            dr[i] = act.derivative(dr[i]);
        }
        for (int i = 0; i < dc.length; i++) {
            dc[i] = act.derivative(dc[i]);
        }
        double[] k = new double[nr * nc];
        RowMajor.gemm(true, false, nr, nc, m, 1.0 / m, dr, 0, nr, dc, 0, nc, 0.0, k, 0, nc);
        return k;
    }

    private int[] range(PointBlock block) {
        return switch (block) {
            case SOURCE_TRAIN -> new int[] {0, data.targetFrom()};
            case TARGET_TRAIN -> new int[] {data.targetFrom(), data.testFrom()};
            case TEST -> new int[] {data.testFrom(), data.pointCount()};
        };
    }

    private double[] phiBlock(ParticleFields fields, int from, int to) {
        double[] h = new double[m * (to - from)];
        fields.block(from, to, h);
        for (int i = 0; i < h.length; i++) {
            h[i] = act.apply(h[i]);
        }
        return h;
    }

    private void requireSourceAndTarget(String what) {
        if (sourceFields == null) {
            throw new IllegalStateException(what + " needs the source phase first");
        }
        if (data.targetCount() == 0) {
            throw new EngineException(FailureCode.INVALID_SPEC, what + " needs target-train points");
        }
    }

    private ParticleFields sampleFields(GaussianSampler rng) {
        if (sampling == Sampling.WEIGHT_SPACE) {
            return WeightSpaceFields.sample(m, data.inputs(), data.inputDim(), rng);
        }
        if (fieldKernel == null) {
            fieldKernel = data.kernel();
        }
        return FieldSpaceFields.sample(m, fieldKernel, data.pointCount(), rng);
    }

    /** Uncentred group outputs on columns [from, to) into out (groups x (to - from)). */
    private void outputsOn(ParticleFields fields, double[] w, double gamma, int from, int to, double[] out) {
        double[] phi = new double[m * (to - from)];
        fields.block(from, to, phi);
        activate(phi, phi);
        outputs(phi, to - from, w, gamma, out);
    }

    private void activate(double[] h, double[] phi) {
        for (int i = 0; i < h.length; i++) {
            phi[i] = act.apply(h[i]);
        }
    }

    /** out[g, :] = w_g . phi_g / (gamma M_g) for each group (uncentred). */
    private void outputs(double[] phi, int p, double[] w, double gamma, double[] out) {
        for (int g = 0; g < groups; g++) {
            RowMajor.gemvT(groupSize, p, 1.0 / (gamma * groupSize), phi, g * groupSize * p, p, w, g * groupSize,
                    0.0, out, g * p);
        }
    }

    /**
     * Refuses a learning rate the Euler scheme cannot follow (THEORY 4.A "Stability"). Two bounds:
     * the feature step eta gamma lambda_max(K_II) < 1 of 4.A, and the function-space step
     * eta (lambda_max(NTK_II) + 2 lambda) < 2 (and eta (lambda + delta) < 1 for the decay of h), where
     * lambda_max(NTK) <= lambda_max(Phi) + max_mu G_mumu lambda_max(K) (Weyl, and Schur's bound for
     * G o K) is evaluated on the phase's initial particles.
     */
    private void checkStability(String name, ParticleFields fields, int from, int to, double[] h, double[] phi,
                                double[] w, PhaseSpec phase, double delta) {
        if (!spec.enforceStability()) {
            return;
        }
        int p = to - from;
        double eta = phase.learningRate();
        double lambdaK = PowerIteration.largest(p, (x, y) -> fields.kernelTimes(from, to, x, y));
        double feature = eta * phase.gamma() * lambdaK;
        if (feature >= 1.0) {
            throw new EngineException(FailureCode.INVALID_SPEC, String.format(
                    "%s: learningRate = %g is past the stability bound eta * gamma * lambda_max(K_II) < 1:"
                            + " value %.4g (gamma = %g, lambda_max = %.4g), so learningRate must be below %.4g",
                    name, eta, feature, phase.gamma(), lambdaK, 1.0 / (phase.gamma() * lambdaK)));
        }
        double[] tmp = new double[m];
        double lambdaPhi = PowerIteration.largest(p, (x, y) -> {
            RowMajor.gemv(m, p, 1.0, phi, 0, p, x, 0, 0.0, tmp, 0);
            RowMajor.gemvT(m, p, 1.0 / m, phi, 0, p, tmp, 0, 0.0, y, 0);
        });
        double gMax = 0;
        for (int mu = 0; mu < p; mu++) {
            double s = 0;
            for (int i = 0; i < m; i++) {
                double gi = w[i] * act.derivative(h[i * p + mu]);
                s += gi * gi;
            }
            gMax = Math.max(gMax, s / m);
        }
        double curvature = lambdaPhi + gMax * lambdaK + 2 * phase.weightDecay();
        if (eta * curvature >= 2.0) {
            throw new EngineException(FailureCode.INVALID_SPEC, String.format(
                    "%s: learningRate = %g is past the stability bound eta * (lambda_max(NTK_II) + 2 lambda) < 2:"
                            + " value %.4g, so learningRate must be below %.4g",
                    name, eta, eta * curvature, 2.0 / curvature));
        }
        // h relaxes towards its anchor at rate lambda + delta; past eta (lambda + delta) = 1 the Euler
        // step overshoots and the fields oscillate (stable up to 2, but measurably wrong already at 1.5)
        double decay = phase.weightDecay() + delta;
        if (eta * decay >= 1.0) {
            throw new EngineException(FailureCode.INVALID_SPEC, String.format(
                    "%s: learningRate = %g is past the stability bound eta * (lambda + delta) < 1: value %.4g,"
                            + " so learningRate must be below %.4g", name, eta, eta * decay, 1.0 / decay));
        }
    }

    private static void checkFinite(double[] lossPerGroup, double startLoss, int step, String name) {
        double mean = 0;
        for (double v : lossPerGroup) {
            if (!Double.isFinite(v)) {
                throw new EngineException(FailureCode.NAN_DETECTED,
                        name + ": train loss became " + v + " at step " + step + " (learning rate too large?)");
            }
            mean += v / lossPerGroup.length;
        }
        if (step > 0 && mean > DIVERGENCE_FACTOR * Math.max(startLoss, 1.0)) {
            throw new EngineException(FailureCode.NAN_DETECTED, String.format(
                    "%s: diverged, train loss %.4g at step %d from %.4g at the start (learning rate too large?)",
                    name, mean, step, startLoss));
        }
    }

    private double targetAlignment(ParticleFields fields) {
        int p2 = data.targetCount();
        if (p2 == 0) {
            return Double.NaN;
        }
        double[] phi = phiBlock(fields, data.targetFrom(), data.testFrom());
        double[] k = new double[p2 * p2];
        RowMajor.gemm(true, false, p2, p2, m, 1.0 / m, phi, 0, p2, phi, 0, p2, 0.0, k, 0, p2);
        return KernelAlignment.of(k, data.targetLabels());
    }

    /** Histogram of the test columns [skip, rows) of an M x rows field block. */
    private Histogram testHistogram(double[] h, int rows, int skip) {
        int pt = rows - skip;
        double[] values = new double[m * pt];
        for (int i = 0; i < m; i++) {
            System.arraycopy(h, i * rows + skip, values, i * pt, pt);
        }
        return spec.bins().histogram(values, 0, values.length);
    }

    /** Mean over groups of a groups x n array. */
    private double[] groupMean(double[] perGroup, int n) {
        double[] mean = new double[n];
        for (int g = 0; g < groups; g++) {
            for (int j = 0; j < n; j++) {
                mean[j] += perGroup[g * n + j] / groups;
            }
        }
        return mean;
    }

    private static double mse(double[] f, int off, double[] y) {
        double s = 0;
        for (int j = 0; j < y.length; j++) {
            double d = f[off + j] - y[j];
            s += d * d;
        }
        return y.length == 0 ? Double.NaN : s / y.length;
    }

    /** y - offset[off, off + |y|). */
    private static double[] residual(double[] y, double[] offset, int off) {
        double[] r = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            r[i] = y[i] - offset[off + i];
        }
        return r;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d;
        }
        return s / v.length;
    }
}
