package org.transferlab.gateway;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.transferlab.engine.data.DataFileException;
import org.transferlab.engine.data.DataRoots;
import org.transferlab.engine.data.DatasetProbe;
import org.transferlab.engine.experiment.CostModel;
import org.transferlab.protocol.FieldError;
import org.transferlab.protocol.InvalidSpecException;
import org.transferlab.protocol.event.CostEstimate;
import org.transferlab.protocol.spec.ExperimentSpec;

/**
 * Judges a valid submission off the event loop: checks its dataset files under the data root (headers
 * and a bounded prefix only, see {@link DatasetProbe}) and estimates its cost with the stateless
 * {@link CostModel}. It runs on a small pool of its own, with a deadline, so that a slow file system or
 * a burst of submissions can hold neither the event loop nor the threads that /health and /metrics use.
 */
final class SubmissionCheck {
    /** How long a submission's check may take before the gateway answers 503. */
    static final long DEADLINE_MS = 5_000;
    private static final int THREADS = 2;

    private final Vertx vertx;
    private final WorkerExecutor pool;

    SubmissionCheck(Vertx vertx) {
        this.vertx = vertx;
        this.pool = vertx.createSharedWorkerExecutor("transferlab-submission-check", THREADS, DEADLINE_MS,
                TimeUnit.MILLISECONDS);
    }

    /**
     * The planner's answer given an estimate function for the spec (and its sweep children). Fails with
     * {@link InvalidSpecException} when a dataset cannot be used (the message names the field only), and
     * with {@link Deadline} when the check took too long.
     */
    <T> Future<T> plan(ExperimentSpec spec, BiFunction<ExperimentSpec, Function<ExperimentSpec, CostEstimate>, T> planner) {
        Promise<T> answer = Promise.promise();
        long timer = vertx.setTimer(DEADLINE_MS, t -> answer.tryFail(new Deadline()));
        pool.<T>executeBlocking(() -> {
            OptionalInt dim;
            try {
                dim = DatasetProbe.inputDim(spec, DataRoots.configured());
            } catch (DataFileException e) {
                throw new InvalidSpecException(List.of(e.field() == null ? new FieldError("$", e.getMessage())
                        : new FieldError(e.field(), e.getMessage().substring(e.field().length() + 2))));
            }
            return planner.apply(spec, s -> CostModel.estimateIfPossible(s, dim));
        }, false).onComplete(r -> {
            vertx.cancelTimer(timer);
            if (r.succeeded()) {
                answer.tryComplete(r.result());
            } else {
                answer.tryFail(r.cause());
            }
        });
        return answer.future();
    }

    Future<Void> close() {
        return pool.close();
    }

    /** The check did not finish within {@link #DEADLINE_MS}. */
    static final class Deadline extends RuntimeException {
        Deadline() {
            super("the submission's dataset check did not finish within " + DEADLINE_MS + " ms; try again later", null,
                    false, false);
        }
    }
}
