package org.transferlab.protocol.spec;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code transfer} experiment: a source task learned first, then a target task, under one or more
 * protocols, computed by one or more methods, optionally over a sweep grid. docs/api.md describes the
 * shape and docs/theory.md the meaning of every parameter.
 *
 * @param experiment  always "transfer" for now
 * @param name        free label shown in listings; not part of the science (but part of the id)
 * @param network     the network (activation, simulation width)
 * @param inputDim    input dimension D
 * @param source      the pre-training phase
 * @param target      the downstream phase
 * @param testSamples size of the independent test set
 * @param protocols   any of scratch, finetune, joint
 * @param methods     any of theory (infinite width), kernel (infinite width, finite D, on the drawn data),
 *                    simulation (finite-width networks trained by GD), bayes (infinite-width Bayesian
 *                    posterior: the adaptive-kernel saddle point)
 * @param seeds       number of independent draws of data and initialisation (mean and standard error)
 * @param seed        base seed; seed s of a job uses a stream derived from (seed, s)
 * @param firstSeed   index s of the job's first draw (default 0): the job computes draws firstSeed ..
 *                    firstSeed + seeds - 1, so that one draw of a many-seed job is a job of its own
 * @param curvePoints how many points of each test-loss-vs-steps curve to record (0 = none)
 * @param theory      the theory's open conventions
 * @param sweep       grid of spec paths (e.g. "target.samples") to value lists; the job computes the
 *                    Cartesian product, one set of rows per point
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ExperimentSpec(String experiment, String name, NetworkSpec network, Integer inputDim,
                             PhaseSpec source, PhaseSpec target, Integer testSamples, List<String> protocols,
                             List<String> methods, Integer seeds, Long seed, Integer firstSeed, Integer curvePoints,
                             TheorySpec theory, Map<String, List<Object>> sweep) {

    public static final String TRANSFER = "transfer";
    public static final List<String> PROTOCOLS = List.of("scratch", "finetune", "joint");
    public static final String BAYES = "bayes";
    public static final List<String> METHODS = List.of("theory", "kernel", "simulation", BAYES);

    /** This spec with every absent optional field set to its documented default. Idempotent. */
    public ExperimentSpec withDefaults() {
        return new ExperimentSpec(
                experiment == null ? TRANSFER : experiment,
                name,
                (network == null ? new NetworkSpec(null, null) : network).withDefaults(),
                inputDim,
                (source == null ? emptyPhase() : source).withDefaults(false),
                (target == null ? emptyPhase() : target).withDefaults(true),
                testSamples == null ? 1000 : testSamples,
                protocols == null ? PROTOCOLS : List.copyOf(protocols),
                methods == null ? List.of("theory", "simulation") : List.copyOf(methods),
                seeds == null ? 3 : seeds,
                seed == null ? 0L : seed,
                firstSeed == null || firstSeed == 0 ? null : firstSeed, // absent when 0: ids predating the field hold
                curvePoints == null ? 40 : curvePoints,
                (theory == null ? new TheorySpec(null, null, null, null, null, null) : theory)
                        .withDefaults(methods != null && methods.contains(BAYES)),
                sweep == null || sweep.isEmpty() ? null : new LinkedHashMap<>(sweep));
    }

    /** The same experiment without its sweep grid (what a single sweep point is computed from). */
    public ExperimentSpec withoutSweep() {
        return new ExperimentSpec(experiment, name, network, inputDim, source, target, testSamples, protocols,
                methods, seeds, seed, firstSeed, curvePoints, theory, null);
    }

    /** Draw {@code index} of this (defaulted) experiment alone: a job of one seed, its draw the same as here. */
    public ExperimentSpec oneDraw(int index) {
        return new ExperimentSpec(experiment, name, network, inputDim, source, target, testSamples, protocols,
                methods, 1, seed, firstSeedOrZero() + index, curvePoints, theory, sweep).withDefaults();
    }

    /** The index of the first draw, 0 when absent. */
    public int firstSeedOrZero() {
        return firstSeed == null ? 0 : firstSeed;
    }

    private static PhaseSpec emptyPhase() {
        return new PhaseSpec(null, null, null, null, null, null, null, null, null, null, null, null);
    }
}
