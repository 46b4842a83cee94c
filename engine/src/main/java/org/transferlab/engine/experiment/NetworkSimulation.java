package org.transferlab.engine.experiment;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import org.transferlab.engine.linalg.Activation;
import org.transferlab.engine.run.CancellationToken;
import org.transferlab.engine.run.ProgressSink;
import org.transferlab.engine.sim.FinetuneReadoutInit;
import org.transferlab.engine.sim.PhaseResult;
import org.transferlab.engine.sim.PhaseSettings;
import org.transferlab.engine.sim.ProgressWindow;
import org.transferlab.engine.sim.TransferProtocol;
import org.transferlab.engine.sim.TransferSimulation;
import org.transferlab.engine.sim.TransferSimulation.SourceOutcome;
import org.transferlab.engine.sim.TransferSimulationSpec;
import org.transferlab.engine.task.TransferData;
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
     * @param rates    step sizes of the source and target phases
     * @param series   per-protocol accumulators, filled with this seed's outcome
     */
    void addSeed(PointParameters p, Activation activation, long seed, TransferData data, LearningRates rates,
                 Map<String, SeedSeries> series, ProgressSink progress, CancellationToken cancel) {
        int width = p.spec().network().width();
        PhaseSettings source = settings(p, p.source().gamma(), rates.source(), p.source().steps(), p.source().weightDecay(), 0);
        SourcePhases.NetworkKey key = new SourcePhases.NetworkKey(seed, p.source(), p.inputDim(), p.testSamples(), p.normalisation(), p.spec().network(),
                rates.source(), source.recordEvery());
        SourceOutcome src = sources.get(key);
        double targetFrom = 0;
        if (src == null) {
            double share = sourceShare(p);
            TransferSimulationSpec sourceOnly = new TransferSimulationSpec(activation, width, source, source,
                    EnumSet.noneOf(TransferProtocol.class), FinetuneReadoutInit.ZERO);
            src = TransferSimulation.trainSource(data, sourceOnly, seed, new ProgressWindow(progress, "source training", 0, share), cancel);
            sources.put(key, src);
            targetFrom = share;
        }
        Map<TransferProtocol, PhaseResult> results = new LinkedHashMap<>();
        int n = p.protocols().size();
        for (int k = 0; k < n; k++) {
            String protocol = p.protocols().get(k);
            boolean finetune = "finetune".equals(protocol);
            // The fine-tuned readout's weight decay is the readout ridge: f = Phi (Phi + ridge I)^-1 y at its
            // fixed point; the elastic pull belongs to the jointly rich protocol.
            PhaseSettings target = settings(p, p.target().gamma(), rates.target(protocol), p.target().steps(),
                    finetune ? p.target().ridge() : p.target().weightDecay(), "joint".equals(protocol) ? p.target().elastic() : 0);
            TransferProtocol which = TransferProtocol.valueOf(protocol.toUpperCase());
            TransferSimulationSpec spec = new TransferSimulationSpec(activation, width, source, target, EnumSet.of(which),
                    FinetuneReadoutInit.ZERO);
            double from = targetFrom + (1 - targetFrom) * k / n;
            double to = targetFrom + (1 - targetFrom) * (k + 1) / n;
            results.putAll(TransferSimulation.trainTargets(data, spec, src, seed,
                    new ProgressWindow(progress, "target training", from, to), cancel));
        }
        double sv = p.lossScale(data);
        double sourceScale = p.sourceLossScale(data);
        for (Map.Entry<TransferProtocol, PhaseResult> e : results.entrySet()) {
            PhaseResult r = e.getValue();
            double[] steps = new double[r.curve().size()];
            double[] test = new double[steps.length];
            for (int k = 0; k < steps.length; k++) {
                steps[k] = r.curve().steps()[k];
                test[k] = r.curve().testLoss()[k] / sv;
            }
            SeedSeries s = series.computeIfAbsent(e.getKey().name().toLowerCase(), k -> new SeedSeries())
                    .add(r.finalTestLoss() / sv, r.finalTrainLoss() / sv)
                    .diagnostic("sourceTrainLoss", src.phase().finalTrainLoss() / sourceScale)
                    .diagnostic("sourceTestLoss", src.phase().finalTestLoss() / sourceScale)
                    .diagnostic("learningRateSource", rates.source())
                    .diagnostic("learningRateTarget", rates.target(e.getKey().name().toLowerCase()))
                    .diagnostic("width", width);
            if (src.spike() != null) {
                s.diagnostic("chi1Measured", src.spike().chiMeasured()).diagnostic("chi1", src.spike().chiFormula());
            }
            if (p.curvePoints() > 0) {
                s.curve(steps, test);
            }
            s.density(r.testPreactivations());
        }
    }

    /** One phase's GD settings, recording on the point's shared step axis. */
    static PhaseSettings settings(PointParameters p, double gamma, double eta, int steps, double weightDecay, double elastic) {
        return PhaseSettings.of(gamma, eta, steps).withWeightDecay(weightDecay).withElasticCoupling(elastic)
                .withRecordEvery(p.recordEvery(steps));
    }

    /** GD cost of all seeds: about 6 P N D flops a step (forward, both backward products). */
    static CostEstimate estimate(PointParameters p) {
        double n = p.spec().network().width();
        double d = p.inputDim();
        double source = p.source().steps() * 6.0 * p.sourceSamples() * n * d;
        double target = p.target().steps() * 6.0 * p.targetSamples() * n * d * p.protocols().size();
        long memory = (long) (8 * (3 * n * d + 2 * Math.max(p.sourceSamples(), p.targetSamples()) * n + p.testSamples() * n));
        return new CostEstimate(p.seeds() * (source + target), memory);
    }

    /** The source phase's share of one seed's GD work (all protocols' target phases are the rest). */
    private static double sourceShare(PointParameters p) {
        double source = (double) p.source().steps() * p.sourceSamples();
        double target = (double) p.target().steps() * p.targetSamples() * p.protocols().size();
        return source / (source + target);
    }
}
