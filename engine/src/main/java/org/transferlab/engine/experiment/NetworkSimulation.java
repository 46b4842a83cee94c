package org.transferlab.engine.experiment;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import org.transferlab.engine.linalg.Activation;
import org.transferlab.engine.linalg.Matrix;
import org.transferlab.engine.run.CancellationToken;
import org.transferlab.engine.run.ProgressSink;
import org.transferlab.engine.sim.FinetuneReadoutInit;
import org.transferlab.engine.sim.TrainedPhase;
import org.transferlab.engine.sim.PhaseSettings;
import org.transferlab.engine.sim.ProgressWindow;
import org.transferlab.engine.sim.TransferProtocol;
import org.transferlab.engine.sim.TransferSimulation;
import org.transferlab.engine.sim.TransferSimulation.SourceOutcome;
import org.transferlab.engine.sim.TransferSimulationSpec;
import org.transferlab.engine.task.TransferData;
import org.transferlab.engine.theory.spectral.TopEigenvalues;
import org.transferlab.protocol.result.KernelSpectra;
import org.transferlab.protocol.event.CostEstimate;

/**
 * The {@code simulation} method: finite-width networks trained by full-batch GD, source then target,
 * one seed at a time, folded into mean and standard error per protocol. The source phase does not
 * depend on anything a target sweep changes, so it is trained once per seed and reused by every point
 * (every child job of a sweep) that shares it, through the engine's {@link SourcePhases}.
 */
final class NetworkSimulation {
    private final BoundedCache<SourcePhases.NetworkKey, SourceOutcome> sources;

    NetworkSimulation(SourcePhases phases) {
        this.sources = phases.networks;
    }

    /**
     * @param data     this seed's data
     * @param plan     the phases on the point's gradient-flow time axis
     * @param series   per-protocol accumulators, filled with this seed's outcome
     */
    void addSeed(PointParameters p, Activation activation, long seed, TransferData data, PhasePlan plan,
                 Map<String, SeedSeries> series, ProgressSink progress, CancellationToken cancel) {
        int width = p.spec().network().width();
        PhaseSettings source = plan.source();
        SourcePhases.NetworkKey key = new SourcePhases.NetworkKey(seed, p.source(), p.inputDim(), p.testSamples(), p.normalisation(), p.spec().network(),
                source.learningRate(), source.recordEvery());
        SourceOutcome src = sources.get(key);
        double targetFrom = 0;
        if (src == null) {
            double share = sourceShare(p, plan);
            TransferSimulationSpec sourceOnly = new TransferSimulationSpec(activation, width, source, source,
                    EnumSet.noneOf(TransferProtocol.class), FinetuneReadoutInit.ZERO);
            src = TransferSimulation.trainSource(data, sourceOnly, seed, new ProgressWindow(progress, "source training", 0, share), cancel);
            sources.put(key, src);
            targetFrom = share;
        }
        Map<TransferProtocol, TrainedPhase> results = new LinkedHashMap<>();
        int n = p.protocols().size();
        for (int k = 0; k < n; k++) {
            String protocol = p.protocols().get(k);
            TransferProtocol which = TransferProtocol.valueOf(protocol.toUpperCase());
            TransferSimulationSpec spec = new TransferSimulationSpec(activation, width, source, plan.target(protocol),
                    EnumSet.of(which), FinetuneReadoutInit.valueOf(p.target().readoutStart().toUpperCase()));
            double from = targetFrom + (1 - targetFrom) * k / n;
            double to = targetFrom + (1 - targetFrom) * (k + 1) / n;
            results.putAll(TransferSimulation.trainTargets(data, spec, src, seed,
                    new ProgressWindow(progress, "target training", from, to), cancel));
        }
        double sv = p.lossScale(data);
        double sourceScale = p.sourceLossScale(data);
        TrainedPhase sourcePhase = src.phase();
        Matrix x2 = data.target().x();
        double[] sourceSpectrum = TopEigenvalues.overTrace(src.model().featureKernel().gram(x2, x2), KernelSpectra.TOP);
        for (Map.Entry<TransferProtocol, TrainedPhase> e : results.entrySet()) {
            String protocol = e.getKey().name().toLowerCase();
            PhaseSettings target = plan.target(protocol);
            TrainedPhase r = e.getValue();
            double[] test = new double[r.curve().size()];
            for (int k = 0; k < test.length; k++) {
                test[k] = r.curve().testLoss()[k] / sv;
            }
            SeedSeries s = series.computeIfAbsent(protocol, k -> new SeedSeries())
                    .add(r.finalTestLoss() / sv, r.finalTrainLoss() / sv)
                    .diagnostic("sourceTrainLoss", sourcePhase.finalTrainLoss() / sourceScale)
                    .diagnostic("sourceTestLoss", sourcePhase.finalTestLoss() / sourceScale)
                    .diagnostic("width", width);
            Convergence.of(p.target(), r.curve().trainLoss(), r.finalTrainLoss(), sv, r.time(), r.finalRate(),
                    r.stepsRun()).addTo(s);
            Convergence.of(p.source(), sourcePhase.curve().trainLoss(), sourcePhase.finalTrainLoss(), sourceScale,
                    sourcePhase.time(), sourcePhase.finalRate(), sourcePhase.stepsRun()).addSourceTo(s);
            if (src.spike() != null) {
                s.diagnostic("chi1Measured", src.spike().chiMeasured()).diagnostic("chi1", src.spike().chiFormula());
            }
            if (p.curvePoints() > 0) {
                double[] time = PhasePlan.timeAxis(target, r.curve().steps());
                s.curve(time, test).alignmentCurve(time, r.curve().alignment());
            }
            s.spectra("scratch".equals(protocol) ? null : sourceSpectrum, r.kernelSpectrum());
            s.density(r.testPreactivations());
        }
    }

    /** GD cost of all seeds: about 6 P N D flops a step (forward, both backward products) at the planned rates. */
    static CostEstimate estimate(PointParameters p) {
        double n = p.spec().network().width();
        double d = p.inputDim();
        PhasePlan plan = PhasePlan.of(p, LearningRates.estimated(p, "relu".equals(p.spec().network().activation())));
        double source = plan.source().steps() * 6.0 * p.sourceSamples() * n * d;
        double target = 0;
        for (String protocol : p.protocols()) {
            target += plan.target(protocol).steps() * 6.0 * p.targetSamples() * n * d;
        }
        long memory = (long) (8 * (3 * n * d + 2 * Math.max(p.sourceSamples(), p.targetSamples()) * n + p.testSamples() * n));
        return new CostEstimate(p.seeds() * (source + target + CostModel.kernelRecords(p, n)), memory);
    }

    /** The source phase's share of one seed's GD work (all protocols' target phases are the rest). */
    private static double sourceShare(PointParameters p, PhasePlan plan) {
        double source = (double) plan.source().steps() * p.sourceSamples();
        double target = 0;
        for (String protocol : p.protocols()) {
            target += (double) plan.target(protocol).steps() * p.targetSamples();
        }
        return source / (source + target);
    }
}
