package org.transferlab.protocol.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.transferlab.protocol.FieldError;
import org.transferlab.protocol.InvalidSpecException;

/**
 * Checks a spec against the documented limits and the physics (docs/theory.md), reporting every problem
 * with the field's path and the limit it breaks. Works on the spec with defaults applied.
 */
public final class SpecValidator {
    public static final int MAX_INPUT_DIM = 4096;
    public static final int MAX_SAMPLES = 200_000;
    public static final int MAX_WIDTH = 200_000;
    public static final int MAX_STEPS = 10_000_000;
    /** Gradient-flow time of a phase: far beyond any fixed point of the supported sizes. */
    public static final double MAX_TIME = 1e7;
    public static final int MAX_SEEDS = 1000;
    public static final double MAX_GAMMA = 1000.0;
    public static final int MAX_DEGREE = 12;
    public static final int MAX_CURVE_POINTS = 1000;
    public static final int MAX_PARTICLES = 65536;
    /** Prior samples of the Bayesian saddle: below this its importance weights are noise. */
    public static final int MIN_BAYES_SAMPLES = 1000;
    public static final int MAX_BAYES_SAMPLES = 1_000_000;
    public static final int MAX_CONDITIONAL_SAMPLES = 256;
    public static final int MAX_NAME_LENGTH = 200;
    /**
     * Label noise and learning rates are relative to a unit-scale teacher and unit-variance
     * inputs: beyond this the signal is gone (noise) or every step diverges (rates), and
     * the arithmetic overflows long before (1e308 squared is infinite).
     */
    public static final double MAX_STRENGTH = 1e6;
    /**
     * Weight decay, ridge and elastic pull: a penalty far above the kernel's eigenvalues is the way to
     * pin a readout at zero (f = 0 to any precision asked), so these may go further than noise, still
     * far from overflow.
     */
    public static final double MAX_PENALTY = 1e12;

    /** Paths a sweep may vary: the numeric knobs of the science (and the activation). */
    public static final Set<String> SWEEPABLE = Set.of(
            "inputDim", "testSamples", "seeds", "network.width", "network.activation",
            "source.samples", "source.gamma", "source.weightDecay", "source.learningRate", "source.steps", "source.time",
            "source.task.noise", "source.task.degree",
            "target.samples", "target.gamma", "target.weightDecay", "target.ridge", "target.elastic",
            "target.learningRate", "target.steps", "target.time", "target.task.noise", "target.task.alignment",
            "target.task.noiseAlignment", "target.task.degree",
            "theory.spike.c1", "theory.spike.c2", "theory.spike.c3", "theory.chi", "theory.teacherNorm", "theory.particles",
            "theory.particleDraw", "theory.bayes.beta", "theory.bayes.samples", "theory.bayes.conditionalSamples");

    private SpecValidator() {
    }

    /** Defaults applied, then validated; throws {@link InvalidSpecException} listing every problem. */
    public static ExperimentSpec validated(ExperimentSpec raw) {
        ExperimentSpec spec = raw.withDefaults();
        List<FieldError> errors = validate(spec);
        if (!errors.isEmpty()) {
            throw new InvalidSpecException(errors);
        }
        return spec;
    }

    /** Every problem of a spec that already has its defaults (an empty list means acceptable). */
    public static List<FieldError> validate(ExperimentSpec spec) {
        List<FieldError> errors = new ArrayList<>();
        checkPoint(spec, errors);
        if (spec.sweep() != null) {
            checkSweep(spec, errors);
        }
        return errors;
    }

    private static void checkSweep(ExperimentSpec spec, List<FieldError> errors) {
        boolean keysOk = true;
        for (Map.Entry<String, List<Object>> e : spec.sweep().entrySet()) {
            String field = "sweep." + e.getKey();
            if (!SWEEPABLE.contains(e.getKey())) {
                errors.add(new FieldError(field, "cannot be swept; sweepable paths: " + new java.util.TreeSet<>(SWEEPABLE)));
                keysOk = false;
            } else if (e.getValue() == null || e.getValue().isEmpty()) {
                errors.add(new FieldError(field, "needs at least one value"));
                keysOk = false;
            }
        }
        if (!keysOk) {
            return;
        }
        long size = SweepGrid.size(spec);
        if (size > SweepGrid.MAX_POINTS) {
            errors.add(new FieldError("sweep", "has " + size + " points; at most " + SweepGrid.MAX_POINTS));
            return;
        }
        for (SweepGrid.Point p : expandOrReport(spec, errors)) {
            List<FieldError> pointErrors = new ArrayList<>();
            checkPoint(p.spec().withDefaults(), pointErrors);
            for (FieldError fe : pointErrors) {
                errors.add(new FieldError(fe.field(), fe.message() + " (at sweep point " + p.values() + ")"));
            }
            if (!pointErrors.isEmpty()) {
                return; // one bad point is enough to explain the problem; the rest would repeat it
            }
        }
    }

    private static List<SweepGrid.Point> expandOrReport(ExperimentSpec spec, List<FieldError> errors) {
        try {
            return SweepGrid.expand(spec);
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("sweep", e.getMessage()));
            return List.of();
        }
    }

    private static void checkPoint(ExperimentSpec s, List<FieldError> errors) {
        Checks c = new Checks(errors);
        c.oneOf("experiment", s.experiment(), List.of(ExperimentSpec.TRANSFER));
        if (s.name() != null && s.name().length() > MAX_NAME_LENGTH) {
            errors.add(new FieldError("name", "has " + s.name().length() + " characters; at most " + MAX_NAME_LENGTH));
        }
        c.oneOf("network.activation", s.network().activation(), NetworkSpec.ACTIVATIONS);
        c.range("network.width", s.network().width(), 1, MAX_WIDTH);
        boolean fromFiles = "dataset".equals(s.source().task().type()) || "dataset".equals(s.target().task().type());
        if (s.inputDim() != null || !fromFiles) {
            // A dataset task's dimension comes from its files; a given one must still be in range.
            c.range("inputDim", s.inputDim(), 1, MAX_INPUT_DIM); // absent: "is required" (synthetic tasks)
        }
        c.range("testSamples", s.testSamples(), 1, MAX_SAMPLES);
        c.range("seeds", s.seeds(), 1, MAX_SEEDS);
        c.range("firstSeed", s.firstSeedOrZero(), 0, MAX_SEEDS - 1);
        c.range("curvePoints", s.curvePoints(), 0, MAX_CURVE_POINTS);
        c.subset("protocols", s.protocols(), ExperimentSpec.PROTOCOLS);
        c.subset("methods", s.methods(), ExperimentSpec.METHODS);
        checkPhase(c, "source", s.source(), false);
        checkPhase(c, "target", s.target(), true);
        c.oneOf("theory.chi", s.theory().chi(), TheorySpec.CHI_CONVENTIONS);
        c.oneOf("theory.teacherNorm", s.theory().teacherNorm(), TheorySpec.TEACHER_NORMS);
        if ("caption".equals(s.theory().chi()) && s.source().gamma() != null && s.source().gamma() > 1.0) {
            errors.add(new FieldError("source.gamma", "the caption convention chi = sqrt(1 - gamma1^2) - 1 "
                    + "needs gamma1 <= 1, got " + s.source().gamma()));
        }
        c.range("theory.particles", s.theory().particles(), 2L * TheorySpec.PARTICLE_GROUPS, MAX_PARTICLES);
        if (s.theory().particles() != null && s.theory().particles() % TheorySpec.PARTICLE_GROUPS != 0) {
            errors.add(new FieldError("theory.particles", "must be a multiple of " + TheorySpec.PARTICLE_GROUPS
                    + " (the solver's independent groups), got " + s.theory().particles()));
        }
        if (s.theory().particleDraw() != null) {
            c.oneOf("theory.particleDraw", s.theory().particleDraw(), TheorySpec.PARTICLE_DRAWS);
        }
        TheorySpec.SpikeSpec spike = s.theory().spike();
        if (spike != null && (spike.c1() == null || spike.c2() == null || spike.c3() == null)) {
            errors.add(new FieldError("theory.spike", "needs all of c1, c2, c3"));
        }
        if (spike != null) {
            c.closed("theory.spike.c1", spike.c1(), -MAX_STRENGTH, MAX_STRENGTH);
            c.closed("theory.spike.c2", spike.c2(), -MAX_STRENGTH, MAX_STRENGTH);
            c.closed("theory.spike.c3", spike.c3(), -MAX_STRENGTH, MAX_STRENGTH);
        }
        checkBayes(c, s);
        if (fromFiles && !s.source().task().type().equals(s.target().task().type())) {
            errors.add(new FieldError("target.task.type", "source and target must both be dataset tasks (their inputs "
                    + "share one input space), got source '" + s.source().task().type() + "' and target '"
                    + s.target().task().type() + "'"));
        }
        if ("linear".equals(s.network().activation())) {
            for (String phase : List.of("source", "target")) {
                PhaseSpec ph = "source".equals(phase) ? s.source() : s.target();
                if (!"linear".equals(ph.task().type()) && !"dataset".equals(ph.task().type())) {
                    errors.add(new FieldError(phase + ".task.type", "a linear network learns linear teachers or "
                            + "datasets; got '" + ph.task().type() + "' (use network.activation relu)"));
                }
            }
            if ("source".equals(s.target().readoutStart())) {
                errors.add(new FieldError("target.readoutStart", "the linear closed forms fine-tune from a zero "
                        + "readout; 'source' is served for relu networks"));
            }
        }
    }

    /**
     * The {@code bayes} method's settings, and the gradient-descent knobs an equilibrium posterior has no
     * counterpart for: its prior (precision 1 on both layers) is the weight decay and 1/beta the ridge.
     */
    private static void checkBayes(Checks c, ExperimentSpec s) {
        TheorySpec.BayesSpec b = s.theory().bayes();
        if (!s.methods().contains(ExperimentSpec.BAYES)) {
            c.absent("theory.bayes", b, "applies to the bayes method only");
            return;
        }
        c.positive("theory.bayes.beta", b.beta(), MAX_PENALTY);
        c.range("theory.bayes.samples", b.samples(), MIN_BAYES_SAMPLES, MAX_BAYES_SAMPLES);
        c.range("theory.bayes.conditionalSamples", b.conditionalSamples(), 1, MAX_CONDITIONAL_SAMPLES);
        String prior = "the bayes method's posterior has prior precision 1 on both layers (its weight decay)"
                + " and ridge 1/theory.bayes.beta; drop bayes from methods to use it";
        for (String phase : List.of("source", "target")) {
            PhaseSpec ph = "source".equals(phase) ? s.source() : s.target();
            if (ph.weightDecay() != null && ph.weightDecay() != 0) {
                c.error(phase + ".weightDecay", "must be 0 with the bayes method: " + prior);
            }
        }
        if (s.target().ridge() != null && s.target().ridge() != 0) {
            c.error("target.ridge", "must be 0 with the bayes method: " + prior);
        }
        if ("source".equals(s.target().readoutStart())) {
            c.error("target.readoutStart", "'source' has no meaning for the bayes method: a posterior does not"
                    + " remember where training started");
        }
    }

    private static void checkPhase(Checks c, String p, PhaseSpec ph, boolean isTarget) {
        c.range(p + ".samples", ph.samples(), 1, MAX_SAMPLES);
        c.positive(p + ".gamma", ph.gamma(), MAX_GAMMA);
        c.nonNegative(p + ".weightDecay", ph.weightDecay(), MAX_PENALTY);
        if (isTarget) {
            c.nonNegative(p + ".ridge", ph.ridge(), MAX_PENALTY);
            c.nonNegative(p + ".elastic", ph.elastic(), MAX_PENALTY);
            c.oneOf(p + ".readoutStart", ph.readoutStart(), PhaseSpec.READOUT_STARTS);
            if ("source".equals(ph.readoutStart()) && ph.ridge() != null && ph.ridge() != 0) {
                c.error(p + ".readoutStart", "source needs ridge 0: a network's ridge pulls the readout to zero,"
                        + " while fine-tuning from the source readout regularises its change");
            }
        } else {
            c.absent(p + ".readoutStart", ph.readoutStart(), "applies to the fine-tuned target readout only");
            c.absent(p + ".ridge", ph.ridge(), "applies to the target readout only");
            c.absent(p + ".elastic", ph.elastic(), "applies to the target phase only");
        }
        if (ph.learningRate() != null) {
            c.positive(p + ".learningRate", ph.learningRate(), MAX_STRENGTH);
        }
        if (ph.time() == null) {
            c.range(p + ".steps", ph.steps(), 1, MAX_STEPS);
        } else {
            c.absent(p + ".steps", ph.steps(), "give the phase's length as time or as steps, not both");
            c.positive(p + ".time", ph.time(), MAX_TIME);
        }
        c.positive(p + ".trainLossTolerance", ph.trainLossTolerance(), 1);
        TaskSpec t = ph.task();
        String tp = p + ".task";
        c.oneOf(tp + ".type", t.type(), TaskSpec.TYPES);
        c.nonNegative(tp + ".noise", t.noise(), MAX_STRENGTH);
        if (isTarget) {
            c.closed(tp + ".alignment", t.alignment(), -1, 1);
            if (t.noiseAlignment() != null) {
                c.closed(tp + ".noiseAlignment", t.noiseAlignment(), -1, 1);
                if (t.alignment() != null && !"linear".equals(t.type())) {
                    c.absent(tp + ".noiseAlignment", t.noiseAlignment(), "is defined for linear teachers only");
                }
                if (t.alignment() != null && Double.isFinite(t.alignment()) && Double.isFinite(t.noiseAlignment())
                        && t.alignment() * t.alignment() + t.noiseAlignment() * t.noiseAlignment() > 1 + 1e-12) {
                    c.error(tp + ".noiseAlignment", "alignment^2 + noiseAlignment^2 must be <= 1 (the target "
                            + "direction is a unit vector), got " + t.alignment() + "^2 + " + t.noiseAlignment() + "^2");
                }
            }
        } else {
            c.absent(tp + ".alignment", t.alignment(), "is a property of the target task");
            c.absent(tp + ".noiseAlignment", t.noiseAlignment(), "is a property of the target task");
        }
        if ("hermite".equals(t.type())) {
            c.range(tp + ".degree", t.degree(), 1, MAX_DEGREE);
        }
        if (!"dataset".equals(t.type())) {
            if (Boolean.TRUE.equals(t.whiten())) {
                c.error(tp + ".whiten", "applies to dataset tasks only");
            }
            c.absent(tp + ".name", t.name(), "applies to dataset tasks only");
            c.absent(tp + ".path", t.path(), "applies to dataset tasks only");
        }
        if ("dataset".equals(t.type()) && Boolean.TRUE.equals(t.centred())) {
            c.error(tp + ".centred", "applies to synthetic teachers only (a dataset's labels are -1/+1)");
        }
        if ("dataset".equals(t.type())) {
            checkDatasetLocation(c, tp, t);
            if (t.classes() == null || t.classes().size() != 2 || t.classes().get(0).equals(t.classes().get(1))) {
                c.error(tp + ".classes", "must be two different class labels, e.g. [0, 9]");
            }
        }
    }

    /**
     * Exactly one of a registered name and a path; a path only in the confined syntax. The messages
     * never echo the path: it may have been chosen to probe the server's files.
     */
    private static void checkDatasetLocation(Checks c, String tp, TaskSpec t) {
        if (t.name() != null && t.path() != null) {
            c.error(tp + ".name", "give either a registered name or a path, not both");
        } else if (t.name() != null) {
            if (!TaskSpec.REGISTERED.containsKey(t.name())) {
                c.error(tp + ".name", "must be one of " + new java.util.TreeSet<>(TaskSpec.REGISTERED.keySet())
                        + " (or give a path under the data root)");
            } else if (!TaskSpec.REGISTERED.get(t.name()).equals(t.format())) {
                c.error(tp + ".format", "'" + t.name() + "' is read as " + TaskSpec.REGISTERED.get(t.name())
                        + "; leave format out");
            }
            return;
        } else if (t.path() == null) {
            c.error(tp + ".name", "a dataset task needs a registered name " + new java.util.TreeSet<>(TaskSpec.REGISTERED.keySet())
                    + " or a path under the data root");
        } else if (!DatasetPath.isAcceptable(t.path())) {
            c.error(tp + ".path", DatasetPath.RULE);
        }
        c.oneOf(tp + ".format", t.format(), TaskSpec.FORMATS);
    }

    /** Small accumulator of field errors with the limit checks used above. */
    private record Checks(List<FieldError> errors) {
        void error(String field, String message) {
            errors.add(new FieldError(field, message));
        }

        void range(String field, Integer v, long min, long max) {
            if (v == null) {
                error(field, "is required (an integer in [" + min + ", " + max + "])");
            } else if (v < min || v > max) {
                error(field, "must be in [" + min + ", " + max + "], got " + v);
            }
        }

        void positive(String field, Double v, double max) {
            if (v == null) {
                error(field, "is required (a number in (0, " + max + "])");
            } else if (!(v > 0) || v > max) {
                error(field, "must be in (0, " + max + "], got " + v);
            }
        }

        void nonNegative(String field, Double v, double max) {
            if (v != null && !(v >= 0 && v <= max)) {
                error(field, "must be in [0, " + max + "], got " + v);
            }
        }

        void closed(String field, Double v, double min, double max) {
            if (v != null && !(v >= min && v <= max)) {
                error(field, "must be in [" + min + ", " + max + "], got " + v);
            }
        }

        void absent(String field, Object v, String why) {
            if (v != null) {
                error(field, "must not be set: " + why);
            }
        }

        void oneOf(String field, String v, List<String> allowed) {
            if (v == null || !allowed.contains(v)) {
                error(field, "must be one of " + allowed + ", got " + (v == null ? "nothing" : "'" + v + "'"));
            }
        }

        void subset(String field, List<String> v, List<String> allowed) {
            if (v == null || v.isEmpty()) {
                error(field, "needs at least one of " + allowed);
                return;
            }
            for (int i = 0; i < v.size(); i++) {
                if (!allowed.contains(v.get(i))) {
                    error(field + "[" + i + "]", "must be one of " + allowed + ", got '" + v.get(i) + "'");
                }
            }
            if (Set.copyOf(v).size() != v.size()) {
                error(field, "lists a value twice: " + v);
            }
        }
    }
}
