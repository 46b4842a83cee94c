package org.transferlab.worker;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.producer.KafkaProducer;
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
 * its commit fails. Inside the fence, before writing, the worker reads {@code transfer.results} up to
 * its end ({@link PublishedResults#publishedAsOfNow}), so that a result committed by anyone earlier is
 * seen and not written again. Of two workers racing, whichever initialises its transaction last sees
 * the other's commit or has aborted it: exactly one result commits. The result and the completed event
 * commit together, so a client that sees the event finds the result.
 */
final class FencedResultPublisher {
    private static final Logger LOG = LoggerFactory.getLogger(FencedResultPublisher.class);
    /** The transactional ids are this prefix and the job id (the ACL on a shared cluster names the prefix). */
    static final String TRANSACTIONAL_ID_PREFIX = "transferlab-result-";
    private static final long CLOSE_TIMEOUT_MS = 10_000;

    /** How a publication ended. */
    enum Outcome {
        /** This worker's result and completed event are committed. */
        PUBLISHED,
        /** A result for the job was already on the topic; nothing was written. */
        ALREADY_PUBLISHED,
        /** Another worker is publishing the job's result: this one was fenced and wrote nothing. */
        FENCED
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

    /** Runs on the verticle's context (the results reader is only touched there). */
    Future<Outcome> publish(JobResult result) {
        String jobId = result.jobId();
        // constructing a Kafka producer does blocking work: not on the event loop
        return vertx.executeBlocking(() -> KafkaProducer.<String, byte[]>create(vertx,
                        kafka.transactionalProducer(publisher.worker() + "-result-" + jobId,
                                TRANSACTIONAL_ID_PREFIX + jobId), new StringSerializer(), new ByteArraySerializer())
                        // every failure also fails the future it belongs to, which decides what it means
                        .exceptionHandler(e -> LOG.debug("result producer of {}: {}", jobId, e.toString())))
                .compose(producer -> producer.initTransactions()
                        .compose(v -> results.publishedAsOfNow(jobId))
                        .compose(published -> published ? Future.succeededFuture(Outcome.ALREADY_PUBLISHED)
                                : inTransaction(producer, result))
                        .recover(err -> isFenced(err) ? Future.succeededFuture(Outcome.FENCED)
                                : Future.failedFuture(err))
                        .eventually(() -> producer.close(CLOSE_TIMEOUT_MS)));
    }

    private Future<Outcome> inTransaction(KafkaProducer<String, byte[]> producer, JobResult result) {
        return producer.beginTransaction()
                .compose(v -> producer.send(publisher.resultRecord(result)))
                .compose(md -> producer.send(publisher.eventRecord(JobEvent.completed(result.jobId(), publisher.worker()))))
                .compose(md -> producer.commitTransaction())
                .map(Outcome.PUBLISHED)
                // an open transaction would hold back every read_committed reader of its partitions
                // until it timed out; a fenced one is aborted by the producer that fenced it
                .recover(err -> isFenced(err) ? Future.failedFuture(err)
                        : producer.abortTransaction().transform(aborted -> Future.failedFuture(err)));
    }

    static boolean isFenced(Throwable err) {
        for (Throwable t = err; t != null; t = t.getCause()) {
            if (t instanceof ProducerFencedException || t instanceof InvalidProducerEpochException) {
                return true;
            }
        }
        return false;
    }
}
