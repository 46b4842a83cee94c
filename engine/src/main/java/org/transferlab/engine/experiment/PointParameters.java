package org.transferlab.engine.experiment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.transferlab.engine.run.EngineException;
import org.transferlab.engine.linalg.Vectors;
import org.transferlab.engine.task.Link;
import org.transferlab.engine.task.TeacherNormalisation;
import org.transferlab.engine.task.TransferData;
import org.transferlab.engine.task.TransferTaskSpec;
import org.transferlab.protocol.FailureCode;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.PhaseSpec;
import org.transferlab.protocol.spec.SweepGrid;
import org.transferlab.protocol.spec.TaskSpec;

/**
 * The numbers of one sweep point, read once from its (defaulted, validated) spec so that the methods
 * do not each re-derive them. Label noise in the spec is relative to each task's standard deviation,
 * and every reported loss is relative to the target function's population variance: for synthetic
 * tasks {@link #targetVariance()} gives it in closed form, for datasets the test split's labels do:
 * {@link #lossScale} is the one place that decides.
 */
record PointParameters(SweepGrid.Point point, ExperimentSpec spec, int inputDim, int sourceSamples, int targetSamples,
                       int testSamples, TeacherNormalisation normalisation, double sourceNoise, double targetNoise,
                       double alignment, double noiseAlignment, int seeds, int curvePoints) {

    /** A point of synthetic tasks (not of dataset tasks: their input dimension comes from their files). */
    static PointParameters of(SweepGrid.Point point) {
        ExperimentSpec spec = point.spec().withDefaults();
        if (isDataset(spec)) {
            throw new IllegalArgumentException("a dataset task's input dimension comes from its files");
        }
        return of(point, spec.inputDim());
    }

    /**
     * A point whose input dimension is known from elsewhere (a dataset task's files). The spec's own
     * inputDim, when given, must agree.
     */
    static PointParameters of(SweepGrid.Point point, int inputDim) {
        ExperimentSpec spec = point.spec().withDefaults();
        if (spec.inputDim() != null && spec.inputDim() != inputDim) {
            throw invalid("inputDim", spec.inputDim() + " does not match the data's dimension " + inputDim
                    + " (leave it out for dataset tasks)");
        }
        double alignment = spec.target().task().alignment() == null ? 1.0 : spec.target().task().alignment();
        double noiseAlignment = spec.target().task().noiseAlignment() == null ? 0.0 : spec.target().task().noiseAlignment();
        TeacherNormalisation normalisation = "unitNorm".equals(spec.theory().teacherNorm())
                ? TeacherNormalisation.UNIT_NORM : TeacherNormalisation.UNIT_SIGNAL_VARIANCE;
        return new PointParameters(point, spec, inputDim, spec.source().samples(), spec.target().samples(),
                spec.testSamples(), normalisation, spec.source().task().noise(), spec.target().task().noise(),
                alignment, noiseAlignment, spec.seeds(), spec.curvePoints());
    }

    static boolean isDataset(ExperimentSpec spec) {
        return "dataset".equals(spec.source().task().type()) || "dataset".equals(spec.target().task().type());
    }

    boolean isDataset() {
        return isDataset(spec);
    }

    PhaseSpec source() {
        return spec.source();
    }

    PhaseSpec target() {
        return spec.target();
    }

    double nu1() {
        return sourceSamples / (double) inputDim;
    }

    double nu2() {
        return targetSamples / (double) inputDim;
    }

    /** Var(z) of a teacher's projection z = beta.x/sqrt(D): |beta|^2/D, 1 under unit signal variance, 1/D under unit norm. */
    double projectionVariance() {
        return normalisation.teacherNormSquared(inputDim) / inputDim;
    }

    /** The source teacher's link, centred if the spec asks. */
    Link sourceLink() {
        return link(spec.source().task());
    }

    /** The target teacher's link, centred if the spec asks. */
    Link targetLink() {
        return link(spec.target().task());
    }

    /** Population variance of the clean source labels (synthetic tasks). */
    double sourceVariance() {
        return sourceLink().variance(projectionVariance());
    }

    /**
     * Population variance of the clean target labels (synthetic tasks): the loss scale. Every method's
     * test MSE is divided by it, so the untrained predictor f = 0 scores E[y^2]/Var(y) (1 for a centred
     * target, 3/2 for z^2 under unit signal variance).
     */
    double targetVariance() {
        return targetLink().variance(projectionVariance());
    }

    /**
     * What every method divides its clean-label test MSE by: the target's population variance in
     * closed form for a synthetic teacher, the label variance of the drawn test split for a dataset.
     */
    double lossScale(TransferData data) {
        return isDataset() ? Vectors.variance(data.test().clean()) : targetVariance();
    }

    /** The same for the source task, whose losses rows report as diagnostics. */
    double sourceLossScale(TransferData data) {
        return isDataset() ? Vectors.variance(data.sourceTest().clean()) : sourceVariance();
    }

    /**
     * The teacher's link: z (linear), z^2 (quadratic, as Figure 3a's y2 = (beta.x/sqrt D)^2) or
     * He_k(z)/sqrt(k!) (hermite), minus its population mean when the task is {@code centred}.
     */
    private Link link(TaskSpec task) {
        Link link = switch (task.type()) {
            case "linear" -> new Link.Identity();
            case "quadratic" -> new Link.Quadratic();
            case "hermite" -> new Link.Hermite(task.degree());
            default -> throw invalid("task.type", "'" + task.type() + "' is not a synthetic task the engine draws");
        };
        return Boolean.TRUE.equals(task.centred()) ? Link.centred(link, projectionVariance()) : link;
    }

    boolean wants(String method) {
        return spec.methods().contains(method);
    }

    List<String> protocols() {
        return spec.protocols();
    }

    /** The synthetic data of this point: the spec's teachers, noise in absolute units. */
    TransferTaskSpec taskSpec() {
        return new TransferTaskSpec(inputDim, sourceSamples, targetSamples, testSamples, sourceLink(), targetLink(),
                alignment, noiseAlignment, sourceNoise * Math.sqrt(sourceVariance()),
                targetNoise * Math.sqrt(targetVariance()), normalisation, false);
    }

    /**
     * The seed of draw s. Mixed rather than added so that jobs with neighbouring base seeds do not share
     * draws (base seed 0's second draw is not base seed 1's first).
     */
    long seedOf(int s) {
        return new SplittableRandom(spec.seed() ^ (0x9E3779B97F4A7C15L * (s + 1))).nextLong();
    }

    /** Index of this job's first draw: a job of one draw split from a many-seed job computes that draw only. */
    int firstSeed() {
        return spec.firstSeedOrZero();
    }

    /** Every GD phase records this often, so that all seeds and all methods share one step axis. */
    int recordEvery(int steps) {
        return curvePoints <= 0 ? Math.max(1, steps) : Math.max(1, steps / curvePoints);
    }

    /**
     * The steps at which a phase of {@code steps} GD steps records its losses: every
     * {@link #recordEvery} from 0, and the last step (the trainer's own axis, so theory curves overlay).
     */
    double[] stepAxis(int steps) {
        int every = recordEvery(steps);
        int n = (steps - 1) / every + 1;
        double[] axis = new double[n + 1];
        for (int k = 0; k < n; k++) {
            axis[k] = (double) k * every;
        }
        axis[axis.length - 1] = steps;
        return axis;
    }

    /** The row's point: the swept values plus the ratios every plot of the paper is drawn against. */
    Map<String, Object> rowPoint() {
        Map<String, Object> p = new LinkedHashMap<>(point.values());
        p.put("nu1", nu1());
        p.put("nu2", nu2());
        return p;
    }

    static EngineException invalid(String field, String message) {
        return new EngineException(FailureCode.INVALID_SPEC, field + ": " + message);
    }
}
