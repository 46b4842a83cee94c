package org.transferlab.worker;

import org.transferlab.engine.Engine;
import org.transferlab.engine.run.CancellationToken;
import org.transferlab.engine.run.ProgressSink;
import org.transferlab.protocol.result.JobResult;
import org.transferlab.protocol.spec.ExperimentSpec;

/**
 * What a worker does with a valid job: in production exactly {@link Engine#run}. Runs on a worker
 * thread, never on the event loop.
 */
@FunctionalInterface
public interface JobComputation {
    JobResult run(String jobId, ExperimentSpec validatedSpec, ProgressSink progress, CancellationToken cancel);

    /** The real engine. */
    static JobComputation engine() {
        Engine engine = new Engine();
        return engine::run;
    }
}
