package org.transferlab.worker;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import io.vertx.kafka.client.consumer.KafkaConsumerRecords;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.transferlab.messaging.KafkaSettings;
import org.transferlab.messaging.RecordSigner;
import org.transferlab.protocol.Topics;

/**
 * The ids of the jobs whose result is on {@code transfer.results}, read (committed records only) from
 * its beginning by a group-less consumer and kept up to date from its tail (a tombstone forgets an
 * id). A worker asks it before computing, so that a job redelivered after its result was published
 * (a worker killed between publishing and acknowledging, or the same spec written twice to Kafka)
 * is not computed again; that answer may lag the topic by a moment. Before publishing, a worker asks
 * {@link #publishedAsOfNow}, which first reads past everything written to the topic so far.
 *
 * <p>A record without a valid signature ({@link RecordSigner}) is ignored and counted: a result
 * planted by some other Kafka client must not make the workers skip the real computation.
 *
 * <p>The reader polls explicitly rather than through a record handler, so that after each poll the
 * consumer's position is exactly what has been read into the set, which is what a catch-up compares
 * with the topic's end.
 */
final class PublishedResults {
    private static final Logger LOG = LoggerFactory.getLogger(PublishedResults.class);
    private static final Duration POLL = Duration.ofMillis(200);
    /** Pause after a failed poll (a broker away): the next one would fail at once too. */
    private static final long FAILED_POLL_PAUSE_MS = 500;
    /**
     * A catch-up that takes longer fails, and the publication that asked is tried again. Longer than
     * a transaction may stay open, so that a dead worker's transaction is aborted before this runs out.
     */
    static final long CATCH_UP_TIMEOUT_MS = 60_000;

    private final Set<String> ids = new HashSet<>();
    private final List<CatchUp> catchUps = new ArrayList<>();
    private Vertx vertx;
    private RecordSigner signer;
    private KafkaConsumer<String, byte[]> consumer;
    private Admin admin;
    private Set<TopicPartition> partitions = Set.of();
    private boolean closing;
    private volatile long forged;

    /** A question waiting until the reader's position reaches the ends the topic had when it was asked. */
    private record CatchUp(String jobId, Map<TopicPartition, Long> ends, long deadline, Promise<Boolean> answer) {
    }

    /** Starts reading on the calling verticle's context; the set is only touched there. */
    Future<Void> start(Vertx vertx, KafkaSettings kafka, String clientId, RecordSigner signer) {
        this.vertx = vertx;
        this.signer = signer;
        consumer = KafkaConsumer.create(vertx, kafka.consumer(null, clientId, "earliest"), new StringDeserializer(),
                new ByteArrayDeserializer());
        admin = Admin.create(kafka.admin());
        return consumer.partitionsFor(Topics.RESULTS).compose(infos -> {
            Set<TopicPartition> tps = new HashSet<>();
            infos.forEach(i -> tps.add(new TopicPartition(Topics.RESULTS, i.getPartition())));
            partitions = Set.copyOf(tps);
            // no group, so no committed offsets: "earliest" starts each partition at its beginning
            return consumer.assign(tps);
        }).onSuccess(v -> pollNext());
    }

    boolean contains(String jobId) {
        return ids.contains(jobId);
    }

    /**
     * Whether the job has a result on the topic, answered once this reader has read past everything
     * written to the topic when asked. Fails after {@link #CATCH_UP_TIMEOUT_MS}.
     *
     * <p>The target is each partition's high watermark, not its last stable offset (what a read_committed
     * consumer calls its end): that stops at the oldest transaction still open, and a result committed
     * after it would be missed. A read_committed position passes the high watermark only once every
     * transaction below it is decided, which {@link FencedResultPublisher#TRANSACTION_TIMEOUT} bounds.
     */
    Future<Boolean> publishedAsOfNow(String jobId) {
        Map<org.apache.kafka.common.TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(tp -> latest.put(new org.apache.kafka.common.TopicPartition(tp.getTopic(),
                tp.getPartition()), OffsetSpec.latest()));
        // the admin client's default isolation is read_uncommitted: "latest" is the high watermark
        return Future.fromCompletionStage(admin.listOffsets(latest).all().toCompletionStage(),
                vertx.getOrCreateContext()).compose(offsets -> {
                    Map<TopicPartition, Long> ends = new HashMap<>();
                    offsets.forEach((tp, info) -> ends.put(new TopicPartition(tp.topic(), tp.partition()),
                            info.offset()));
                    Promise<Boolean> answer = Promise.promise();
                    catchUps.add(new CatchUp(jobId, ends, System.currentTimeMillis() + CATCH_UP_TIMEOUT_MS, answer));
                    return answer.future();
                });
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
        catchUps.forEach(c -> c.answer().tryFail("the results reader is closing"));
        catchUps.clear();
        if (admin != null) {
            admin.close(Duration.ZERO);
        }
        return consumer == null ? Future.succeededFuture() : consumer.close();
    }

    private void pollNext() {
        if (closing) {
            return;
        }
        consumer.poll(POLL).onComplete(ar -> {
            if (ar.succeeded()) {
                read(ar.result());
                answerCatchUps().onComplete(v -> pollNext());
            } else {
                if (!closing) {
                    LOG.warn("results reader: {}", ar.cause().toString());
                }
                vertx.setTimer(FAILED_POLL_PAUSE_MS, t -> answerCatchUps().onComplete(v -> pollNext()));
            }
        });
    }

    private void read(KafkaConsumerRecords<String, byte[]> records) {
        for (int i = 0; i < records.size(); i++) {
            KafkaConsumerRecord<String, byte[]> r = records.recordAt(i);
            if (r.key() == null) {
                continue;
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

    /** Answers the catch-ups the reader's positions have reached; fails those past their deadline. */
    private Future<Void> answerCatchUps() {
        if (catchUps.isEmpty() || closing) {
            return Future.succeededFuture();
        }
        Map<TopicPartition, Future<Long>> positions = new HashMap<>();
        partitions.forEach(tp -> positions.put(tp, consumer.position(tp)));
        return Future.join(new ArrayList<>(positions.values())).transform(done -> {
            long now = System.currentTimeMillis();
            catchUps.removeIf(c -> {
                if (reached(c.ends(), positions)) {
                    c.answer().complete(ids.contains(c.jobId()));
                    return true;
                }
                if (now > c.deadline()) {
                    c.answer().fail(new TimeoutException("the results reader did not reach the end of "
                            + Topics.RESULTS + " within " + CATCH_UP_TIMEOUT_MS + " ms"));
                    return true;
                }
                return false;
            });
            return Future.succeededFuture();
        });
    }

    private static boolean reached(Map<TopicPartition, Long> ends, Map<TopicPartition, Future<Long>> positions) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            Future<Long> at = positions.get(end.getKey());
            if (at == null || at.failed() || at.result() < end.getValue()) {
                return false;
            }
        }
        return true;
    }
}
