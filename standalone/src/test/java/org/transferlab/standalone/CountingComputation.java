package org.transferlab.standalone;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.transferlab.engine.run.CancellationToken;
import org.transferlab.engine.run.ProgressSink;
import org.transferlab.protocol.result.JobResult;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.worker.JobComputation;

/**
 * The real engine behind a counter of invocations per job id, with an optional stage that runs first
 * and may throw (to fail an attempt) or take its time (to make a job long). Thread-safe.
 */
final class CountingComputation implements JobComputation {
    /** Runs before the engine on each invocation; {@code attempt} counts from 1 per job id. */
    @FunctionalInterface
    interface Stage {
        void before(String jobId, int attempt, CancellationToken cancel) throws Exception;
    }

    private final JobComputation engine = JobComputation.engine();
    private final Stage stage;
    private final Map<String, Integer> invocations = new ConcurrentHashMap<>();
    private final List<String> order = new CopyOnWriteArrayList<>();

    CountingComputation(Stage stage) {
        this.stage = stage;
    }

    CountingComputation() {
        this((jobId, attempt, cancel) -> {
        });
    }

    @Override
    public JobResult run(String jobId, ExperimentSpec spec, ProgressSink progress, CancellationToken cancel) {
        int attempt = invocations.merge(jobId, 1, Integer::sum);
        order.add(jobId);
        try {
            stage.before(jobId, attempt, cancel);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return engine.run(jobId, spec, progress, cancel);
    }

    int invocations(String jobId) {
        return invocations.getOrDefault(jobId, 0);
    }

    /** Job ids in the order their invocations began. */
    List<String> order() {
        return List.copyOf(order);
    }
}
