package org.transferlab.protocol.spec;

import com.fasterxml.jackson.annotation.JsonInclude;

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
 * @param steps        GD steps of the simulation (and the horizon t = eta * steps of time-resolved theory)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PhaseSpec(TaskSpec task, Integer samples, Double gamma, Double weightDecay, Double ridge,
                        Double elastic, Double learningRate, Integer steps) {

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
                steps == null ? 2000 : steps);
    }
}
