package org.transferlab.engine.theory.dmft;

import java.util.Optional;
import java.util.SplittableRandom;
import org.transferlab.engine.linalg.Matrix;
import org.transferlab.engine.run.CancellationToken;
import org.transferlab.engine.run.EngineException;
import org.transferlab.engine.run.ProgressSink;
import org.transferlab.engine.sim.PhaseSettings;
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
    private final ParticleData data;
    private final Sampling sampling;
    private final ParticleDraw draw;
    private final int groups;
    private final int mg;
    private final long sourceSeed;
    private final long jointSeed;
    private final long scratchSeed;
    private final GroupFeatures features;
    private final GradientFlowPhase gradientFlow;
    private final ReadoutFineTune readoutFineTune;
    private Matrix fieldKernel;             // K in internal order, built once for field-space sampling
    private ParticleFields sourceFields;    // H1 after the source phase
    private double[][] sourceOutputs;       // the source model's centred outputs on I2 + It, per group
    private PhaseResult sourceResult;       // the source phase's losses and schedule
    private ParticleFields lastFields;      // the most recently trained state, for the kernels

    public ParticleSolver(ParticleData data, ParticleSpec spec) {
        this.data = data;
        this.sampling = resolve(spec.sampling(), data);
        this.draw = spec.draw();
        this.groups = spec.groups();
        this.mg = spec.groupSize();
        SplittableRandom seeds = new SplittableRandom(spec.seed());
        this.sourceSeed = seeds.nextLong();
        this.jointSeed = seeds.nextLong();
        this.scratchSeed = seeds.nextLong();
        this.features = new GroupFeatures(data, spec);
        StabilityBounds stability = new StabilityBounds(spec);
        this.gradientFlow = new GradientFlowPhase(data, spec, features, stability);
        this.readoutFineTune = new ReadoutFineTune(data, spec, stability);
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
        double[][] f0Rest = features.outputsOn(fields, w, phase.gamma(), from, to);
        PhaseResult result = train("source phase", fields, w, null, phase, 0, from,
                data.sourceLabels(), data.sourceTestLabels(), progress, cancel);
        double[][] out = features.outputsOn(fields, w, phase.gamma(), from, to);
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
        return readoutFineTune.run(sourceFields, sourceOutputs, phase, start, progress, cancel);
    }

    /** Every full-weights phase goes through here, so the kernel queries see its fields. */
    private PhaseResult train(String name, ParticleFields fields, double[][] w, ParticleFields anchor,
                              PhaseSettings phase, int from, int to, double[] y, Optional<double[]> testLabels,
                              ProgressSink progress, CancellationToken cancel) {
        lastFields = fields;
        return gradientFlow.run(name, fields, w, anchor, phase, from, to, y, testLabels, progress, cancel);
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
        return features.pooledKernel(lastFields, rows, cols, derivative);
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
            return WeightSpaceFields.sample(groups, mg, data.inputs(), draw, rng);
        }
        if (fieldKernel == null) {
            fieldKernel = data.kernel();
        }
        return FieldSpaceFields.sample(groups, mg, fieldKernel, draw, rng);
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

}
