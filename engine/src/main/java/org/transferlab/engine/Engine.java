package org.transferlab.engine;

import org.transferlab.engine.experiment.ExperimentRunner;
import org.transferlab.engine.run.CancellationToken;
import org.transferlab.engine.run.ProgressSink;
import org.transferlab.protocol.event.CostEstimate;
import org.transferlab.protocol.result.JobResult;
import org.transferlab.protocol.spec.ExperimentSpec;

/**
 * The engine as the worker sees it: one call computes a job. Everything behind it is plain Java (no
 * messaging), deterministic for a given spec, and honours progress and cancellation.
 */
public final class Engine {
    private final ExperimentRunner runner = new ExperimentRunner();

    /**
     * Computes every sweep point, protocol and method of a spec.
     *
     * @param jobId    the job's id (recorded in the result)
     * @param spec     a spec that passed {@link org.transferlab.protocol.spec.SpecValidator} (defaults applied)
     * @param progress where completion is reported (cheap; called often)
     * @param cancel   polled at least every few hundred milliseconds
     * @throws org.transferlab.engine.run.EngineException with a reason code when no honest result exists
     */
    public JobResult run(String jobId, ExperimentSpec spec, ProgressSink progress, CancellationToken cancel) {
        return runner.run(jobId, spec, progress, cancel);
    }

    /** Cost of a job before it runs (flops and peak memory); null when a dataset task's dimension is unknown here. */
    public CostEstimate estimate(ExperimentSpec spec) {
        return runner.estimate(spec);
    }
}
