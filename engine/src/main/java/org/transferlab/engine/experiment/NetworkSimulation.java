package org.transferlab.engine.experiment;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
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
import org.transferlab.engine.task.TeacherNormalisation;
import org.transferlab.engine.task.TransferData;
import org.transferlab.protocol.spec.NetworkSpec;
import org.transferlab.protocol.spec.PhaseSpec;

/**
 * The {@code simulation} method: finite-width networks trained by full-batch GD, source then target,
 * one seed at a time, folded into mean and standard error per protocol. The source phase does not
 * depend on anything a target sweep changes, so it is trained once per seed and job and reused across
 * sweep points (one instance of this class lives for one job).
 */
final class NetworkSimulation {
    private final Map<SourceKey, SourceOutcome> sources = new HashMap<>();

    /** Everything the source phase of one seed depends on. */
    private record SourceKey(long seed, PhaseSpec sourcePhase, int inputDim, int testSamples, TeacherNormalisation norm,
                             NetworkSpec network, double learningRate, int recordEvery) {
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
        PhaseSettings target = settings(p, p.target().gamma(), rates.target(), p.target().steps(), p.target().weightDecay(),
                p.target().elastic());
        Set<TransferProtocol> trained = EnumSet.noneOf(TransferProtocol.class);
        for (String protocol : p.protocols()) {
            if (!"finetune".equals(protocol)) {
                trained.add(TransferProtocol.valueOf(protocol.toUpperCase()));
            }
        }
        TransferSimulationSpec spec = new TransferSimulationSpec(activation, width, source, target, trained, FinetuneReadoutInit.ZERO);
        SourceKey key = new SourceKey(seed, p.source(), p.inputDim(), p.testSamples(), p.normalisation(), p.spec().network(),
                rates.source(), source.recordEvery());
        SourceOutcome src = sources.get(key);
        double targetFrom = 0;
        if (src == null) {
            double share = sourceShare(p);
            src = TransferSimulation.trainSource(data, spec, seed, new ProgressWindow(progress, "source training", 0, share), cancel);
            sources.put(key, src);
            targetFrom = share;
        }
        // The target window is split between the fully trained protocols and the fine-tuned readout.
        double split = targetFrom + (1 - targetFrom) * trained.size() / p.protocols().size();
        Map<TransferProtocol, PhaseResult> results = new LinkedHashMap<>(TransferSimulation.trainTargets(data, spec, src, seed,
                new ProgressWindow(progress, "target training", targetFrom, split), cancel));
        if (p.protocols().contains("finetune")) {
            // The fine-tuned readout's weight decay is the readout ridge: f = Phi (Phi + ridge I)^-1 y at its fixed point.
            PhaseSettings readout = settings(p, p.target().gamma(), rates.target(), p.target().steps(), p.target().ridge(), 0);
            TransferSimulationSpec ft = new TransferSimulationSpec(activation, width, source, readout,
                    EnumSet.of(TransferProtocol.FINETUNE), FinetuneReadoutInit.ZERO);
            results.putAll(TransferSimulation.trainTargets(data, ft, src, seed,
                    new ProgressWindow(progress, "target training", split, 1), cancel));
        }
        double sv = p.signalVariance();
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
                    .diagnostic("sourceTrainLoss", src.phase().finalTrainLoss() / sv)
                    .diagnostic("sourceTestLoss", src.phase().finalTestLoss() / sv)
                    .diagnostic("learningRateSource", rates.source())
                    .diagnostic("learningRateTarget", rates.target())
                    .diagnostic("width", width);
            if (src.spike() != null) {
                s.diagnostic("chi1Measured", src.spike().chiMeasured()).diagnostic("chi1", src.spike().chiFormula());
            }
            if (p.curvePoints() > 0) {
                s.curve(steps, test);
            }
        }
    }

    private static PhaseSettings settings(PointParameters p, double gamma, double eta, int steps, double weightDecay,
                                          double elastic) {
        return PhaseSettings.of(gamma, eta, steps).withWeightDecay(weightDecay).withElasticCoupling(elastic)
                .withRecordEvery(p.recordEvery(steps));
    }

    /** The source phase's share of one seed's GD work (all protocols' target phases are the rest). */
    private static double sourceShare(PointParameters p) {
        double source = (double) p.source().steps() * p.sourceSamples();
        double target = (double) p.target().steps() * p.targetSamples() * p.protocols().size();
        return source / (source + target);
    }
}
