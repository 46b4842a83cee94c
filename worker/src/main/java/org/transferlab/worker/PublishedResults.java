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
import org.transferlab.protocol.Topics;

/**
 * The ids of the jobs whose result is on {@code transfer.results}, read from its beginning by a
 * group-less consumer and kept up to date from its tail (a tombstone forgets an id). A worker asks it
 * before computing, so that a job redelivered after its result was published (a worker killed between
 * publishing and committing, or the same spec written twice to Kafka) is not computed again.
 *
 * <p>Only the ids are kept. A result published by another worker a moment ago may not be here yet;
 * such a duplicate is computed again, and the gateway keeps the first result it saw.
 */
final class PublishedResults {
    private static final Logger LOG = LoggerFactory.getLogger(PublishedResults.class);

    private final Set<String> ids = new HashSet<>();
    private KafkaConsumer<String, byte[]> consumer;
    private boolean closing;

    /** Starts reading on the calling verticle's context; the set is only touched there. */
    Future<Void> start(Vertx vertx, KafkaSettings kafka, String clientId) {
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
            if (r.value() == null) {
                ids.remove(r.key());
            } else {
                ids.add(r.key());
            }
        });
        return consumer.partitionsFor(Topics.RESULTS).compose(infos -> {
            Set<TopicPartition> tps = new HashSet<>();
            infos.forEach(i -> tps.add(new TopicPartition(Topics.RESULTS, i.getPartition())));
            return consumer.assign(tps).compose(v -> consumer.seekToBeginning(tps));
        });
    }

    boolean contains(String jobId) {
        return ids.contains(jobId);
    }

    /** Records a result this worker has just published, before the reader sees it come back. */
    void add(String jobId) {
        ids.add(jobId);
    }

    Future<Void> close() {
        closing = true;
        return consumer == null ? Future.succeededFuture() : consumer.close();
    }
}
