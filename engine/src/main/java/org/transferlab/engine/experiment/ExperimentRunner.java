package org.transferlab.engine.experiment;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import org.transferlab.engine.run.CancellationToken;
import org.transferlab.engine.run.EngineException;
import org.transferlab.engine.run.ProgressSink;
import org.transferlab.protocol.EngineVersion;
import org.transferlab.protocol.FailureCode;
import org.transferlab.protocol.event.CostEstimate;
import org.transferlab.protocol.result.JobResult;
import org.transferlab.protocol.result.ResultRow;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.SweepGrid;
import org.transferlab.engine.data.DataRoots;
import org.transferlab.engine.data.DatasetLibrary;
import org.transferlab.engine.data.DatasetProbe;

/** Runs a whole job: every sweep point in turn, each by the calculator of its network family. */
public final class ExperimentRunner {
    private final SourcePhases phases = new SourcePhases();
    private final DatasetLibrary datasets;

    /** With the configured data roots and dataset cache. */
    public ExperimentRunner() {
        this(new DatasetLibrary());
    }

    /** Reading datasets through this library (and its cache), shared by every job of the runner. */
    public ExperimentRunner(DatasetLibrary datasets) {
        this.datasets = datasets;
    }

    public JobResult run(String jobId, ExperimentSpec spec, ProgressSink progress, CancellationToken cancel) {
        long started = System.currentTimeMillis();
        List<SweepGrid.Point> points = SweepGrid.expand(spec);
        ProgressSlice all = new ProgressSlice(progress, 0, 1);
        List<ResultRow> rows = new ArrayList<>();
        Map<String, PointCalculator> calculators = new HashMap<>();
        for (int i = 0; i < points.size(); i++) {
            cancel.throwIfCancelled();
            SweepGrid.Point p = points.get(i);
            rows.addAll(calculatorFor(p, calculators).compute(p, all.part(i, points.size()), cancel));
        }
        progress.report("done", 1.0);
        return new JobResult(jobId, spec, EngineVersion.CURRENT, started, System.currentTimeMillis(), null,
                null, unconverged(rows), rows);
    }

    /**
     * Non-convergence is never silent: a note names every row whose target phase did not reach its
     * train-loss tolerance (or fixed point) in some seed, and every row whose finite-particle correction
     * could not be applied in some seed.
     */
    private static List<String> unconverged(List<ResultRow> rows) {
        List<String> notes = new ArrayList<>();
        for (ResultRow r : rows) {
            Double reliable = r.diagnostics() == null ? null : r.diagnostics().get(ReluTransferCalculator.ESTIMATE_RELIABLE);
            if (reliable != null && reliable < 1) {
                notes.add(String.format("uncorrected: %s %s at %s (share of seeds corrected %.2f): the jackknife"
                        + " correction of the pooled-kernel loss was more than half of it, so the row is the loss on"
                        + " the pooled kernel of all particles with that correction in its monteCarloStdErr; near a"
                        + " zero loss this is Monte-Carlo noise, otherwise theory.particles is not far enough above"
                        + " target.samples: raise theory.particles", r.method(), r.protocol(), r.point(), reliable));
            }
            Double converged = r.diagnostics() == null ? null : r.diagnostics().get("converged");
            if (converged != null && converged < 1 && BayesTheory.METHOD.equals(r.method())) {
                notes.add(String.format("not converged: %s %s at %s (share of seeds converged %.2f): the saddle point's"
                        + " fixed point did not settle within its iterations or its tilted samples ran away (the tilt"
                        + " exp((gamma^2/2)(a.phi)^2) outgrew the Gaussian prior: no saddle point at that gamma), and"
                        + " those seeds have no loss; lower %s", r.method(), r.protocol(), r.point(), converged,
                        BayesTheory.gammaFields(r.protocol())));
            } else if (converged != null && converged < 1) {
                notes.add(String.format("not converged: %s %s at %s (share of seeds converged %.2f, train loss %s,"
                        + " time %s): raise the phase's time or its tolerance", r.method(), r.protocol(), r.point(),
                        converged, r.trainLoss(), r.diagnostics().get("time")));
            }
        }
        return notes;
    }

    /**
     * The {@link CostModel}'s estimate, with a dataset task's input dimension from its files' headers;
     * null when that dimension is unknown here.
     */
    public CostEstimate estimate(ExperimentSpec spec) {
        return CostModel.estimate(spec, DatasetProbe.inputDim(spec, DataRoots.configured()));
    }

    /** How often the source phases this runner kept were reused, e.g. for a worker's log. */
    public String sourcePhaseStats() {
        return phases.stats();
    }

    /**
     * One calculator per family and job (jobs may run concurrently); the source phases they train are
     * shared by all jobs of this runner, so the points of a sweep reuse them whether they come as one
     * job or as a sweep's child jobs.
     */
    private PointCalculator calculatorFor(SweepGrid.Point p, Map<String, PointCalculator> calculators) {
        String activation = p.spec().withDefaults().network().activation();
        if ("linear".equals(activation)) {
            return calculators.computeIfAbsent(activation, a -> new LinearTransferCalculator(phases, datasets));
        }
        if ("relu".equals(activation)) {
            return calculators.computeIfAbsent(activation, a -> new ReluTransferCalculator(phases, datasets));
        }
        throw new EngineException(FailureCode.INVALID_SPEC,
                "network.activation '" + activation + "' is not served by this engine version");
    }
}
