package org.transferlab.engine.experiment;

import org.transferlab.engine.sim.PhaseSettings;
import org.transferlab.protocol.spec.PhaseSpec;

/**
 * The GD phases of one point on the gradient-flow time axis (THEORY 1.4: t = eta * steps, with the
 * rate already scaled by gamma^2 N). Every protocol of the target phase runs to the same horizon T2,
 * the source phase to T1, each with as many steps of its own stable rate as T needs, and records at
 * the same times t_k = k T/curvePoints; theory and simulation use the same plan, so their curves
 * overlay and protocols compare at equal t.
 *
 * <p>A phase's horizon is its spec's {@code time}, or else {@code steps} times the spec's learningRate,
 * or else {@code steps} times the stable rate of a lazy network on that phase's training set (which
 * depends on the data only, not on gamma or the protocol, so a gamma sweep shares one time axis).
 * Rates the engine chose are {@linkplain PhaseSettings#adaptiveRate adaptive}: the trainers halve
 * them when the grown kernel needs it, keeping the horizon.
 */
record PhasePlan(PointParameters p, LearningRates rates, double sourceTime, double targetTime) {

    /** Horizons from the spec and the lazy reference rates of {@code rates}. */
    static PhasePlan of(PointParameters p, LearningRates rates) {
        return new PhasePlan(p, rates, horizon(p.source(), rates.sourceLazy()), horizon(p.target(), rates.targetLazy()));
    }

    private static double horizon(PhaseSpec phase, double lazyRate) {
        if (phase.time() != null) {
            return phase.time();
        }
        return phase.steps() * (phase.learningRate() != null ? phase.learningRate() : lazyRate);
    }

    /** The source phase. */
    PhaseSettings source() {
        return settings(p.source(), sourceTime, rates.source(), p.source().weightDecay(), 0,
                p.isDataset() ? 1 : p.sourceVariance());
    }

    /**
     * A protocol's target phase: the fine-tuned readout's weight decay is the readout ridge (f = Phi
     * (Phi + ridge I)^-1 y at its fixed point); the elastic pull belongs to the jointly rich protocol.
     */
    PhaseSettings target(String protocol) {
        double decay = "finetune".equals(protocol) ? p.target().ridge() : p.target().weightDecay();
        double elastic = "joint".equals(protocol) ? p.target().elastic() : 0;
        return settings(p.target(), targetTime, rates.target(protocol), decay, elastic,
                p.isDataset() ? 1 : p.targetVariance());
    }

    /**
     * Steps of at most {@code rate} that reach the horizon, a multiple of the curve's point count so
     * that every record falls on a step; the rate is then horizon/steps.
     */
    private PhaseSettings settings(PhaseSpec phase, double horizon, double rate, double weightDecay, double elastic,
                                   double scale) {
        int points = Math.max(1, p.curvePoints());
        long blocks = (long) Math.ceil(horizon / (rate * points) - 1e-9);
        int steps = (int) Math.min(Integer.MAX_VALUE - 1, Math.max(1, blocks) * points);
        boolean adaptive = phase.learningRate() == null;
        // the tolerance is relative to the task's variance (a dataset's +-1 labels: 1)
        double tolerance = phase.untilConverged() ? phase.trainLossTolerance() * scale : Double.NaN;
        return PhaseSettings.of(phase.gamma(), horizon / steps, steps).withWeightDecay(weightDecay)
                .withElasticCoupling(elastic).withRecordEvery(p.curvePoints() <= 0 ? steps : steps / points)
                .withTrainLossTolerance(tolerance).withAdaptiveRate(adaptive);
    }

    /** The time axis t_k = k T/curvePoints of a phase's curve, from its recorded planned steps. */
    static double[] timeAxis(PhaseSettings phase, int[] steps) {
        double[] t = new double[steps.length];
        for (int k = 0; k < steps.length; k++) {
            t[k] = steps[k] * phase.learningRate();
        }
        return t;
    }
}
