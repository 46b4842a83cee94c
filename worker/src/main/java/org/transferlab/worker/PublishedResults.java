package org.transferlab.worker;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.transferlab.messaging.KafkaSettings;
import org.transferlab.messaging.RecordSigner;
import org.transferlab.protocol.Topics;

/**
 * The ids of the jobs whose result is on {@code transfer.results}, read from its beginning by a
 * group-less consumer and kept up to date from its tail (a tombstone forgets an id). A worker asks it
 * before computing, so that a job redelivered after its result was published (a worker killed between
 * publishing and committing, or the same spec written twice to Kafka) is not computed again.
 *
 * <p>A record without a valid signature ({@link RecordSigner}) is ignored and counted: a result
 * planted by some other Kafka client must not make the workers skip the real computation.
 *
 * <p>Only the ids are kept. A result published by another worker a moment ago may not be here yet;
 * such a duplicate is computed again, and the gateway keeps the first result it saw.
 */
final class PublishedResults {
    private static final Logger LOG = LoggerFactory.getLogger(PublishedResults.class);

    private final Set<String> ids = new HashSet<>();
    private KafkaConsumer<String, byte[]> consumer;
    private boolean closing;
    private volatile long forged;

    /** Starts reading on the calling verticle's context; the set is only touched there. */
    Future<Void> start(Vertx vertx, KafkaSettings kafka, String clientId, RecordSigner signer) {
        consumer = KafkaConsumer.create(vertx, kafka.consumer(null, clientId, "earliest"), new StringDeserializer(),
                new ByteArrayDeserializer());
        consumer.exceptionHandler(e -> {
            if (!closing) {
                LOG.warn("results reader: {}", e.toString());
            }
        });
        consumer.handler(r -> {
            if (r.key() == null) {
                return;
            }
            if (!signer.verifies(r)) {
                forged++;
                LOG.warn("ignoring a result for {} without a valid signature ({}-{}@{})", r.key(), r.topic(),
                        r.partition(), r.offset());
                return;
            }
            if (r.value() == null) {
                ids.remove(r.key());
            } else {
                ids.add(r.key());
            }
        });
        return consumer.partitionsFor(Topics.RESULTS).compose(infos -> {
            Set<TopicPartition> tps = new HashSet<>();
            infos.forEach(i -> tps.add(new TopicPartition(Topics.RESULTS, i.getPartition())));
            // no group, so no committed offsets: "earliest" starts each partition at its beginning (a
            // seekToBeginning after assign made the records fetched meanwhile come twice)
            return consumer.assign(tps);
        });
    }

    boolean contains(String jobId) {
        return ids.contains(jobId);
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
        closing = true;
        return consumer == null ? Future.succeededFuture() : consumer.close();
    }
}
