package org.transferlab.worker;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.producer.KafkaProducer;
import java.time.Duration;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.transferlab.messaging.KafkaSettings;
import org.transferlab.protocol.event.JobEvent;
import org.transferlab.protocol.result.JobResult;

/**
 * Writes a job's result and its completed event so that one result per job reaches
 * {@code transfer.results}, even when two workers computed the job: a running job's lock is lost
 * when a broker failover moves the leadership of its queue partition (the new leader does not know
 * the lock) and another worker takes the job, or the same spec was queued twice.
 *
 * <p>Each publication is a Kafka transaction under a transactional id of the job's own. A second
 * worker's producer for the same job fences the first: the first's open transaction is aborted and
 * its commit fails. Inside the fence, before writing, the worker reads {@code transfer.results} past
 * everything written to it so far ({@link PublishedResults#publishedAsOfNow}), so that a result
 * committed by anyone earlier is seen and not written again. Of two workers racing, whichever
 * initialises its transaction last sees the other's commit or has aborted it: exactly one result
 * commits. The result and the completed event commit together, so a client that sees the event finds
 * the result.
 */
final class FencedResultPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(FencedResultPublisher.class);
    /** The transactional ids are this prefix and the job id (the ACL on a shared cluster names the prefix). */
    private static final String TRANSACTIONAL_ID_PREFIX = "transferlab-result-";
    /**
     * How long a transaction may stay open before its coordinator aborts it. A worker that dies inside
     * one holds back every read_committed reader of its two partitions (the gateway's too) that long,
     * so it is short; a publication takes well under a second, and one aborted for being slow is tried
     * again.
     */
    static final Duration TRANSACTION_TIMEOUT = Duration.ofSeconds(20);
    /** How often a fenced worker looks for the result of the worker that fenced it. */
    private static final long FENCED_RECHECK_MS = 500;
    /** Then it gives up, and the job is handed back: the fencer's catch-up and transaction fit in this. */
    private static final long FENCED_WAIT_MS = PublishedResults.CATCH_UP_TIMEOUT_MS + TRANSACTION_TIMEOUT.toMillis();
    private static final long CLOSE_TIMEOUT_MS = 10_000;

    /** How a publication ended. */
    enum Outcome {
        /** This worker's result and completed event are committed. */
        PUBLISHED,
        /** Another worker's result for the job is on the topic; this one was not written. */
        ALREADY_PUBLISHED
    }

    private final Vertx vertx;
    private final KafkaSettings kafka;
    private final JobPublisher publisher;
    private final PublishedResults results;

    FencedResultPublisher(Vertx vertx, KafkaSettings kafka, JobPublisher publisher, PublishedResults results) {
        this.vertx = vertx;
        this.kafka = kafka;
        this.publisher = publisher;
        this.results = results;
    }

    /** The publication of one result; its attempts run on the verticle's context. */
    Publication publication(JobResult result) {
        return new Publication(result);
    }

    /** One result's publication, tried again after a transient failure with what earlier attempts did. */
    final class Publication {
        private final JobResult result;
        /** An attempt asked for the commit: if it went through unconfirmed, the result found later is ours. */
        private boolean commitAsked;

        private Publication(JobResult result) {
            this.result = result;
        }

        Future<Outcome> attempt() {
            String jobId = result.jobId();
            // constructing a Kafka producer reads its configuration and starts threads: not on the event loop
            return vertx.executeBlocking(() -> KafkaProducer.<String, byte[]>create(vertx,
                            kafka.transactionalProducer(publisher.worker() + "-result-" + jobId,
                                    TRANSACTIONAL_ID_PREFIX + jobId, TRANSACTION_TIMEOUT),
                            new StringSerializer(), new ByteArraySerializer())
                            // every failure also fails the future it belongs to, which decides what it means
                            .exceptionHandler(e -> LOG.debug("result producer of {}: {}", jobId, e.toString())))
                    .compose(producer -> producer.initTransactions()
                            .compose(v -> results.publishedAsOfNow(jobId))
                            .compose(published -> published ? Future.succeededFuture(found())
                                    : inTransaction(producer))
                            .eventually(() -> producer.close(CLOSE_TIMEOUT_MS)))
                    .recover(err -> isFenced(err) ? afterFence(System.currentTimeMillis() + FENCED_WAIT_MS)
                            : Future.failedFuture(err));
        }

        private Future<Outcome> inTransaction(KafkaProducer<String, byte[]> producer) {
            return producer.beginTransaction()
                    .compose(v -> producer.send(publisher.resultRecord(result)))
                    .compose(md -> producer.send(publisher.eventRecord(
                            JobEvent.completed(result.jobId(), publisher.worker()))))
                    .compose(md -> {
                        commitAsked = true;
                        return producer.commitTransaction();
                    })
                    .map(Outcome.PUBLISHED)
                    .recover(err -> {
                        if (isFenced(err)) {
                            commitAsked = false; // whoever fenced it aborted it
                            return Future.failedFuture(err);
                        }
                        // an open transaction would hold back every read_committed reader of its
                        // partitions until it timed out
                        return producer.abortTransaction().transform(aborted -> {
                            if (aborted.succeeded()) {
                                commitAsked = false;
                            }
                            return Future.failedFuture(err);
                        });
                    });
        }

        private Outcome found() {
            return commitAsked ? Outcome.PUBLISHED : Outcome.ALREADY_PUBLISHED;
        }

        /**
         * Fenced: another worker opened a transaction for this job after this one did (it computed the
         * job too), or the coordinator aborted this one for outlasting its timeout. The job is done once
         * a result shows; if none does in time (the other worker died), the publication fails and the
         * job is tried again rather than acknowledged without a result.
         */
        private Future<Outcome> afterFence(long deadline) {
            if (results.contains(result.jobId())) {
                return Future.succeededFuture(found());
            }
            if (System.currentTimeMillis() > deadline) {
                // the reader follows the topic continuously; one full catch-up before giving up
                return results.publishedAsOfNow(result.jobId()).compose(published -> published
                        ? Future.succeededFuture(found())
                        : Future.failedFuture(new IllegalStateException("publishing the result of " + result.jobId()
                                + " was fenced off, and no other result for it appeared within " + FENCED_WAIT_MS
                                + " ms")));
            }
            Promise<Void> pause = Promise.promise();
            vertx.setTimer(FENCED_RECHECK_MS, t -> pause.complete());
            return pause.future().compose(v -> afterFence(deadline));
        }
    }

    private static boolean isFenced(Throwable err) {
        for (Throwable t = err; t != null; t = t.getCause()) {
            if (t instanceof ProducerFencedException || t instanceof InvalidProducerEpochException) {
                return true;
            }
        }
        return false;
    }
}
