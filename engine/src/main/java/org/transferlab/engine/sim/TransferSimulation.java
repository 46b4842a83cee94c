package org.transferlab.engine.sim;

import java.util.EnumMap;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.transferlab.engine.linalg.Activation;
import org.transferlab.engine.linalg.Matrix;
import org.transferlab.engine.run.CancellationToken;
import org.transferlab.engine.run.ProgressSink;
import org.transferlab.engine.task.RandomStreams;
import org.transferlab.engine.task.RandomStreams.Purpose;
import org.transferlab.engine.task.TransferData;

/**
 * Source then target training of finite-width two-layer networks (THEORY 1.5, 4.E), for one seed.
 * Every random draw comes from a stream of {@link RandomStreams} for that seed, so the same data, spec
 * and seed give the same numbers; each protocol has its own init stream, so asking for fewer
 * protocols does not change the others.
 */
public final class TransferSimulation {
    private static final Logger LOG = LoggerFactory.getLogger(TransferSimulation.class);

    private TransferSimulation() {
    }

    public static TransferSimulationResult run(TransferData data, TransferSimulationSpec spec, long seed,
                                               ProgressSink sink, CancellationToken token) {
        double total = spec.source().steps() + (double) spec.target().steps() * spec.protocols().size();
        double sourceShare = total == 0 ? 1 : spec.source().steps() / total;
        SourceOutcome source = trainSource(data, spec, seed, new ProgressWindow(sink, "source training", 0, sourceShare), token);
        Map<TransferProtocol, TrainedPhase> targets = trainTargets(data, spec, source, seed,
                new ProgressWindow(sink, "target training", sourceShare, 1), token);
        return new TransferSimulationResult(source.phase(), source.model(), source.spike(), targets);
    }

    /**
     * The source phase alone. It depends only on the source set, the source settings, the width and
     * the seed, so a sweep over target parameters can train it once per seed and reuse it.
     */
    public static SourceOutcome trainSource(TransferData data, TransferSimulationSpec spec, long seed,
                                            ProgressWindow progress, CancellationToken token) {
        RandomStreams streams = new RandomStreams(seed);
        Activation phi = spec.activation();
        TwoLayerNetwork net = TwoLayerNetwork.random(phi, spec.width(), data.source().inputDim(), streams.stream(Purpose.SOURCE_INIT));
        GradientDescentTrainer sourceTrainer = new GradientDescentTrainer(net, data.source(), data.sourceTest(), spec.source(), true, null);
        TrainedPhase source = sourceTrainer.run(progress, token);
        SourceModel model = new SourceModel(phi, net.firstLayer().copy(), net.readout().clone(), spec.source().gamma());
        LinearSpike spike = phi == Activation.LINEAR ? LinearSpike.measure(net, spec.source().gamma()) : null;
        LOG.debug("seed {}: source train MSE {}, test MSE {}, steps {}", seed, source.finalTrainLoss(), source.finalTestLoss(),
                source.stepsRun());
        return new SourceOutcome(source, model, spike);
    }

    /** The target phase of every protocol of the spec, each started from the trained source as THEORY 1.5 says. */
    public static Map<TransferProtocol, TrainedPhase> trainTargets(TransferData data, TransferSimulationSpec spec,
                                                                 SourceOutcome source, long seed, ProgressWindow progress,
                                                                 CancellationToken token) {
        RandomStreams streams = new RandomStreams(seed);
        Map<TransferProtocol, TrainedPhase> targets = new EnumMap<>(TransferProtocol.class);
        int n = spec.protocols().size();
        int k = 0;
        double width = progress.to() - progress.from();
        for (TransferProtocol protocol : TransferProtocol.values()) {
            if (!spec.protocols().contains(protocol)) {
                continue;
            }
            ProgressWindow window = new ProgressWindow(progress.sink(),
                    progress.phase() + " (" + protocol.name().toLowerCase() + ")",
                    progress.from() + width * k / n, progress.from() + width * (k + 1) / n);
            targets.put(protocol, trainTarget(protocol, data, spec, source.model(), streams).recordingKernel()
                    .run(window, token));
            k++;
        }
        return targets;
    }

    /** What the source phase leaves behind: its losses, the trained network and, for linear networks, the spike. */
    public record SourceOutcome(TrainedPhase phase, SourceModel model, LinearSpike spike) {
    }

    /**
     * Fine-tuning from the source readout (FT-keep): the network starts as the source function f_1, the
     * source network's output centred by its own output at the source initialisation (regenerated from
     * the seed), not by its output now. The readout is rescaled by gamma2/gamma1 so that w phi/(gamma2 N)
     * is the source's w1 phi/(gamma1 N).
     */
    private static GradientDescentTrainer keepSourceReadout(TransferData data, TransferSimulationSpec spec, SourceModel model,
                                                           RandomStreams streams) {
        int d = data.target().inputDim();
        double[] readout = model.readout().clone();
        double rescale = spec.target().gamma() / model.gamma();
        for (int i = 0; i < readout.length; i++) {
            readout[i] *= rescale;
        }
        TwoLayerNetwork sourceInit = TwoLayerNetwork.random(spec.activation(), spec.width(), d, streams.stream(Purpose.SOURCE_INIT));
        TwoLayerNetwork frozen = new TwoLayerNetwork(spec.activation(), model.firstLayer().copy(), readout);
        return new GradientDescentTrainer(frozen, data.target(), data.test(), spec.target().withElasticCoupling(0), false, null,
                sourceInit.rawOutputs(data.target().x(), model.gamma()), sourceInit.rawOutputs(data.test().x(), model.gamma()));
    }

    /** The target-phase trainer of one protocol, its network initialised as THEORY 1.5 says. */
    static GradientDescentTrainer trainTarget(TransferProtocol protocol, TransferData data, TransferSimulationSpec spec,
                                              SourceModel model, RandomStreams streams) {
        int n = spec.width();
        int d = data.target().inputDim();
        PhaseSettings target = spec.target();
        switch (protocol) {
            case SCRATCH -> {
                TwoLayerNetwork fresh = TwoLayerNetwork.random(spec.activation(), n, d, streams.stream(Purpose.SCRATCH_INIT));
                // No source weights to pull towards: the elastic term belongs to the jointly rich protocol.
                return new GradientDescentTrainer(fresh, data.target(), data.test(), target.withElasticCoupling(0), true, null);
            }
            case FINETUNE -> {
                double[] readout = new double[n];
                if (spec.finetuneInit() == FinetuneReadoutInit.RANDOM) {
                    RandomGenerator rng = streams.stream(Purpose.FINETUNE_INIT);
                    for (int i = 0; i < n; i++) {
                        readout[i] = rng.nextGaussian();
                    }
                }
                if (spec.finetuneInit() == FinetuneReadoutInit.SOURCE) {
                    return keepSourceReadout(data, spec, model, streams);
                }
                TwoLayerNetwork frozen = new TwoLayerNetwork(spec.activation(), model.firstLayer().copy(), readout);
                return new GradientDescentTrainer(frozen, data.target(), data.test(), target.withElasticCoupling(0), false, null);
            }
            case JOINT -> {
                RandomGenerator rng = streams.stream(Purpose.JOINT_INIT);
                double[] readout = new double[n];
                for (int i = 0; i < n; i++) {
                    readout[i] = rng.nextGaussian();
                }
                Matrix w1 = model.firstLayer();
                TwoLayerNetwork joint = new TwoLayerNetwork(spec.activation(), w1.copy(), readout);
                return new GradientDescentTrainer(joint, data.target(), data.test(), target, true, w1);
            }
            default -> throw new IllegalStateException("unknown protocol " + protocol);
        }
    }
}
