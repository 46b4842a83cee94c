package org.transferlab.protocol.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One training phase: the source (pre-training) or the target (downstream) task.
 *
 * @param task         what is learned
 * @param samples      training set size P (nu = P / inputDim)
 * @param gamma        feature-learning strength gamma of this phase (gamma -> 0 is the lazy limit)
 * @param weightDecay  weight decay lambda of gradient flow (0 = plain gradient flow)
 * @param ridge        target only: ridge of the fine-tuned readout (kernel units)
 * @param elastic      target only: elastic coupling delta to the source first layer (jointly rich)
 * @param learningRate GD step eta; absent means a safe fraction of the stability bound, chosen by the engine
 *                     (and lowered by it when the kernel grows)
 * @param steps        the phase's length when {@code time} is absent: t = steps * learningRate, or, without a
 *                     learningRate, steps of the lazy network's stable rate on this phase's training set
 * @param time         the phase's gradient-flow time t (THEORY 1.4: t = eta * steps); every protocol and every
 *                     gamma of the phase runs to the same t, each with as many steps as its rate needs
 * @param untilConverged stop once the train loss is within {@code trainLossTolerance}; t is then the budget
 * @param trainLossTolerance train MSE over the target's variance below which the phase counts as converged
 * @param readoutStart target only: where the fine-tuned readout starts, zero | random | source (THEORY 1.5, 5)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PhaseSpec(TaskSpec task, Integer samples, Double gamma, Double weightDecay, Double ridge,
                        Double elastic, Double learningRate, Integer steps, Double time, Boolean untilConverged,
                        Double trainLossTolerance, String readoutStart) {
    /** The default of {@code trainLossTolerance}: a residual of 1% of the target's standard deviation. */
    public static final double DEFAULT_TRAIN_LOSS_TOLERANCE = 1e-4;
    public static final List<String> READOUT_STARTS = List.of("zero", "random", "source");

    PhaseSpec withDefaults(boolean isTarget) {
        return new PhaseSpec(
                (task == null ? new TaskSpec(null, null, null, null, null, null, null, null, null, null) : task)
                        .withDefaults(isTarget),
                samples,
                gamma == null ? 1.0 : gamma,
                weightDecay == null ? 0.0 : weightDecay,
                isTarget && ridge == null ? Double.valueOf(0.0) : ridge,
                isTarget && elastic == null ? Double.valueOf(0.0) : elastic,
                learningRate,
                steps == null && time == null ? Integer.valueOf(2000) : steps,
                time,
                untilConverged == null ? Boolean.FALSE : untilConverged,
                trainLossTolerance == null ? DEFAULT_TRAIN_LOSS_TOLERANCE : trainLossTolerance,
                isTarget && readoutStart == null ? "zero" : readoutStart);
    }
}
