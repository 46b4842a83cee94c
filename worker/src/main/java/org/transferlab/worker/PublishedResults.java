package org.transferlab.worker;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.transferlab.messaging.KafkaSettings;
import org.transferlab.messaging.PartitionReader;
import org.transferlab.messaging.RecordSigner;
import org.transferlab.protocol.Topics;

/**
 * The ids of the jobs whose result is on {@code transfer.results}, read (committed records only) from
 * its beginning and kept up to date from its tail (a tombstone forgets an id). A worker asks it before
 * computing, so that a job redelivered after its result was published (a worker killed between
 * publishing and acknowledging, or the same spec written twice to Kafka) is not computed again; that
 * answer may lag the topic by a moment. Before publishing, a worker asks {@link #publishedAsOfNow},
 * which first reads past everything written to the topic so far.
 *
 * <p>A record without a valid signature ({@link RecordSigner}) is ignored and counted: a result
 * planted by some other Kafka client must not make the workers skip the real computation.
 */
final class PublishedResults {
    private static final Logger LOG = LoggerFactory.getLogger(PublishedResults.class);
    /**
     * A catch-up that takes longer fails, and the publication that asked is tried again. Longer than
     * a transaction may stay open, so that a dead worker's transaction is aborted before this runs out.
     */
    static final long CATCH_UP_TIMEOUT_MS = 60_000;

    private final Set<String> ids = new HashSet<>();
    private RecordSigner signer;
    private PartitionReader reader;
    private volatile long forged;

    /** Starts reading on the calling verticle's context; the set is only touched there. */
    Future<Void> start(Vertx vertx, KafkaSettings kafka, String clientId, RecordSigner signer) {
        this.signer = signer;
        reader = new PartitionReader(vertx, kafka, clientId, "results reader");
        return reader.assign(List.of(Topics.RESULTS)).onSuccess(v -> reader.start(this::read));
    }

    boolean contains(String jobId) {
        return ids.contains(jobId);
    }

    /**
     * Whether the job has a result on the topic, answered once this reader has read past everything
     * written to the topic when asked. Fails after {@link #CATCH_UP_TIMEOUT_MS}.
     *
     * <p>The target is each partition's high watermark ({@link PartitionReader#writtenEnds}), not its
     * last stable offset: that stops at the oldest transaction still open, and a result committed after
     * it would be missed. Passing the high watermark waits for every transaction below it to be decided,
     * which {@link FencedResultPublisher#TRANSACTION_TIMEOUT} bounds.
     */
    Future<Boolean> publishedAsOfNow(String jobId) {
        return reader.writtenEnds().compose(ends -> reader.reached(ends, CATCH_UP_TIMEOUT_MS))
                .map(v -> ids.contains(jobId));
    }

    /** Records a result this worker has just published, before the reader sees it come back. */
    void add(String jobId) {
        ids.add(jobId);
    }

    /** Records read without a valid signature since the start (any thread). */
    long forgedRecords() {
        return forged;
    }

    Future<Void> close() {
        return reader == null ? Future.succeededFuture() : reader.close();
    }

    private void read(KafkaConsumerRecord<String, byte[]> r) {
        if (r.key() == null) {
            return;
        }
        if (!signer.verifies(r)) {
            forged++;
            LOG.warn("ignoring a result for {} without a valid signature ({}-{}@{})", r.key(), r.topic(),
                    r.partition(), r.offset());
        } else if (r.value() == null) {
            ids.remove(r.key());
        } else {
            ids.add(r.key());
        }
    }
}
