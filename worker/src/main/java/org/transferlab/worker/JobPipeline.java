package org.transferlab.worker;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.transferlab.engine.experiment.CostModel;
import org.transferlab.engine.run.CancellationToken;
import org.transferlab.engine.run.EngineException;
import org.transferlab.protocol.FailureCode;
import org.transferlab.protocol.InvalidSpecException;
import org.transferlab.protocol.JobId;
import org.transferlab.protocol.event.CostEstimate;
import org.transferlab.protocol.event.JobEvent;
import org.transferlab.protocol.result.JobResult;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.SpecValidator;

/**
 * Everything one record of {@code transfer.jobs} leads to, whichever consumer delivered it: parse,
 * validate, skip what is cancelled or already published, refuse what is over the limits, compute on
 * the engine pool with progress events, publish the result or the failure. Runs on the verticle's
 * context; only the computation itself runs on the pool.
 */
final class JobPipeline {
    private static final Logger LOG = LoggerFactory.getLogger(JobPipeline.class);
    /**
     * Publishing a computed result is tried again here whatever the job's own retry policy (a share
     * group hands a failed job back instead): handing it back would compute it again.
     */
    private static final RetryPolicy PUBLISHING = RetryPolicy.defaults();

    /** Called when a job starts or ends waiting out a retry back-off (it holds no computing slot meanwhile). */
    interface BackOffListener {
        void backingOff(boolean waiting);

        BackOffListener NONE = waiting -> { };
    }

    private final Vertx vertx;
    private final WorkerOptions options;
    private final JobComputation computation;
    private final JobPublisher publisher;
    private final FencedResultPublisher resultPublisher;
    private final CancelWatcher cancels;
    private final PublishedResults results;
    private final WorkerExecutor pool;
    private final String blas;
    private final Map<String, CancellationToken> running = new HashMap<>();
    private boolean stopping;
    private volatile int completedJobs;

    JobPipeline(Vertx vertx, WorkerOptions options, JobComputation computation, JobPublisher publisher,
                FencedResultPublisher resultPublisher, CancelWatcher cancels, PublishedResults results,
                WorkerExecutor pool, String blas) {
        this.vertx = vertx;
        this.options = options;
        this.computation = computation;
        this.publisher = publisher;
        this.resultPublisher = resultPublisher;
        this.cancels = cancels;
        this.results = results;
        this.pool = pool;
        this.blas = blas;
    }

    int completedJobs() {
        return completedJobs;
    }

    /** Cancels the job if it runs here (a user's cancel). */
    void cancel(String jobId) {
        CancellationToken token = running.get(jobId);
        if (token != null) {
            LOG.info("cancelling running job {}", jobId);
            token.cancel();
        }
    }

    /** Interrupts every running job; each ends {@link JobOutcome#HANDED_BACK} unless a user cancelled it. */
    void stop() {
        stopping = true;
        running.values().forEach(CancellationToken::cancel);
    }

    /**
     * @param retry how often a transient failure is tried again here before the record is handed back
     *              ({@link JobOutcome#RETRY}) or failed for good
     */
    Future<JobOutcome> handle(JobRecord record, RetryPolicy retry, BackOffListener backOff) {
        IncomingJob job = IncomingJob.parse(record.value());
        if (job instanceof IncomingJob.Unreadable u) {
            String key = record.key();
            LOG.warn("unreadable record {} (key {}): {}", record.origin(), key, u.message());
            Future<Void> told = JobId.isWellFormed(key) ? publisher.refusal(record, key, FailureCode.INVALID_SPEC, u.message())
                    : publisher.deadLetter(record, key, FailureCode.INVALID_SPEC, u.message());
            return told.map(JobOutcome.DEAD_LETTERED);
        }
        if (job instanceof IncomingJob.Cancel c) {
            cancel(c.jobId()); // the watcher normally got there first; this covers a watcher that lags
            return Future.succeededFuture(JobOutcome.DONE);
        }
        ExperimentSpec raw = ((IncomingJob.Submit) job).spec();
        ExperimentSpec spec;
        try {
            spec = SpecValidator.validated(raw);
        } catch (InvalidSpecException e) {
            String id = JobId.of(raw);
            LOG.warn("invalid spec for job {}: {}", id, e.getMessage());
            return refuse(record, id, FailureCode.INVALID_SPEC, e.getMessage());
        }
        String jobId = JobId.of(spec);
        if (record.key() != null && !record.key().equals(jobId)) {
            LOG.info("record key {} is not the spec's job id; using {}", record.key(), jobId);
        }
        if (cancels.cancelledAfter(record, jobId)) {
            LOG.info("job {} was cancelled before it started", jobId);
            return refuse(record, jobId, FailureCode.CANCELLED, "cancelled before start");
        }
        if (running.containsKey(jobId)) {
            LOG.info("job {} is already running here; this copy is skipped", jobId);
            return Future.succeededFuture(JobOutcome.DONE);
        }
        if (results.contains(jobId)) {
            LOG.info("job {} already has a published result; this copy is not computed again", jobId);
            return publisher.event(JobEvent.completedEarlier(jobId, options.name())).map(JobOutcome.DONE);
        }
        CostEstimate cost = CostModel.estimateWithoutFiles(spec);
        Optional<String> refused = options.limits().refusal(cost, "worker");
        if (refused.isPresent()) {
            LOG.info("job {} refused: {}", jobId, refused.get());
            return refuse(record, jobId, FailureCode.OVER_LIMIT, refused.get());
        }
        return compute(record, jobId, spec, cost, retry, backOff);
    }

    private Future<JobOutcome> refuse(JobRecord record, String jobId, FailureCode code, String message) {
        return publisher.refusal(record, jobId, code, message).map(JobOutcome.DEAD_LETTERED);
    }

    private Future<JobOutcome> compute(JobRecord record, String jobId, ExperimentSpec spec, CostEstimate cost,
                                       RetryPolicy retry, BackOffListener backOff) {
        CancellationToken token = new CancellationToken();
        running.put(jobId, token);
        AtomicReference<Progress> latest = new AtomicReference<>(Progress.STARTING);
        // the started event is acknowledged before computing, so that no client sees the result before it
        return publisher.event(JobEvent.started(jobId, options.name())).transform(startedSent -> {
            long timer = progressTimer(jobId, latest);
            RetryPolicy.RetryListener onRetry = (n, err, delay) -> {
                String phase = "attempt " + n + " of " + (retry.retries() + 1) + " failed (" + RetryPolicy.describe(err)
                        + "); retrying in " + delay + " ms";
                LOG.warn("job {}: {}", jobId, phase);
                latest.set(new Progress(phase, 0.0));
                backOff.backingOff(true);
            };
            return retry.<JobResult>run(vertx, n -> {
                        if (n > 1) {
                            backOff.backingOff(false);
                        }
                        return pool.executeBlocking(() -> {
                            token.throwIfCancelled(); // cancelled during a back-off
                            return computeOnce(jobId, spec, cost, latest, token);
                        }, false);
                    }, onRetry, token::isCancelled)
                    .onComplete(ar -> {
                        vertx.cancelTimer(timer);
                        running.remove(jobId);
                    })
                    .compose(result -> publishResult(jobId, result))
                    .recover(err -> ended(record, jobId, err));
        });
    }

    /** A job that ran out of heap would do so again anywhere with the same heap: it ends, it is not retried. */
    private JobResult computeOnce(String jobId, ExperimentSpec spec, CostEstimate cost, AtomicReference<Progress> latest,
                                  CancellationToken token) {
        try {
            return computation.run(jobId, spec, (phase, fraction) -> latest.set(new Progress(phase, fraction)), token);
        } catch (OutOfMemoryError e) {
            throw new EngineException(FailureCode.OVER_LIMIT, outOfMemory(cost));
        }
    }

    static String outOfMemory(CostEstimate cost) {
        String estimate = cost == null ? "no estimate" : String.format(Locale.ROOT,
                "estimated %.3g flops, peak memory %d bytes (%.1f MiB)", cost.flops(), cost.memoryBytes(),
                cost.memoryBytes() / 1048576.0);
        return String.format(Locale.ROOT, "ran out of memory (%s; this worker's heap is %.1f MiB) (OVER_LIMIT); "
                + "reduce the sizes (samples, width, particles) or give workers a larger heap",
                estimate, Runtime.getRuntime().maxMemory() / 1048576.0);
    }

    private long progressTimer(String jobId, AtomicReference<Progress> latest) {
        ProgressThrottle throttle = new ProgressThrottle(System.currentTimeMillis());
        return vertx.setPeriodic(ProgressThrottle.MIN_GAP_MS, id -> {
            Progress p = latest.get();
            long now = System.currentTimeMillis();
            if (throttle.shouldEmit(now, p.phase(), p.fraction())) {
                publisher.event(JobEvent.progress(jobId, options.name(), p.phase(), p.fraction(),
                        throttle.etaMs(now, p.fraction())));
            }
        });
    }

    private Future<JobOutcome> publishResult(String jobId, JobResult r) {
        JobResult stamped = new JobResult(jobId, r.spec(), r.engineVersion(), r.startedAt(), r.finishedAt(),
                options.name(), r.blas() != null ? r.blas() : blas, r.notes(), r.rows());
        FencedResultPublisher.Publication publication = resultPublisher.publication(stamped);
        return PUBLISHING.run(vertx, n -> publication.attempt(), (n, err, delay) ->
                        LOG.warn("job {}: publishing its result failed ({}); again in {} ms", jobId, err, delay),
                () -> stopping)
                .compose(outcome -> {
                    if (outcome == FencedResultPublisher.Outcome.ALREADY_PUBLISHED) {
                        LOG.info("job {} was also computed by another worker, whose result was published first; "
                                + "this one is dropped", jobId);
                        return publisher.event(JobEvent.completedElsewhere(jobId, options.name())).map(JobOutcome.DONE);
                    }
                    results.add(jobId);
                    completedJobs++;
                    LOG.info("job {} completed in {} ms ({} rows)", jobId, stamped.durationMs(), stamped.rows().size());
                    return Future.succeededFuture(JobOutcome.DONE);
                });
    }

    /** A computation that did not produce a published result: handed back, retried elsewhere, or failed. */
    private Future<JobOutcome> ended(JobRecord record, String jobId, Throwable err) {
        FailureCode code = RetryPolicy.codeOf(err);
        if (stopping && code == FailureCode.CANCELLED && !cancels.cancelledAfter(record, jobId)) {
            LOG.info("job {} interrupted by this worker's shutdown; handed back to the queue", jobId);
            return Future.succeededFuture(JobOutcome.HANDED_BACK);
        }
        if (code == FailureCode.RETRIES_EXHAUSTED && record.redeliverable()) {
            String phase = "delivery " + record.delivery() + " failed (" + RetryPolicy.describe(lastFailure(err))
                    + "); handed back to the queue for another delivery";
            LOG.warn("job {}: {}", jobId, phase);
            return publisher.event(JobEvent.progress(jobId, options.name(), phase, 0.0, null))
                    .map(JobOutcome.RETRY).otherwise(JobOutcome.RETRY);
        }
        String message = code == FailureCode.RETRIES_EXHAUSTED && record.delivery() > 1
                ? "failed on each of " + record.delivery() + " deliveries with a transient error; last: "
                + RetryPolicy.describe(lastFailure(err))
                : RetryPolicy.describe(err);
        if (code == FailureCode.RETRIES_EXHAUSTED) {
            LOG.error("job {} failed", jobId, err);
        } else {
            LOG.info("job {} ended with {}: {}", jobId, code, message);
        }
        return refuse(record, jobId, code, message);
    }

    /** What made the last attempt fail ({@link RetryPolicy.Exhausted} wraps it). */
    private static Throwable lastFailure(Throwable err) {
        return err instanceof RetryPolicy.Exhausted && err.getCause() != null ? err.getCause() : err;
    }
}
