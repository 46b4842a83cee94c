package org.transferlab.messaging;

import io.vertx.core.Future;
import io.vertx.core.Handler;
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

/**
 * A group-less reader of whole topics (committed records, from their beginning) that polls explicitly
 * rather than through a record handler, so that after each poll the consumer's position is exactly
 * what has been handed to the handler. Whether it has read up to given offsets is answered from that
 * position, which also passes the transaction markers a partition may end with: the offset of the last
 * record handled never reaches those. Runs on the context that created it.
 */
public final class PartitionReader {
    private static final Logger LOG = LoggerFactory.getLogger(PartitionReader.class);
    private static final Duration POLL = Duration.ofMillis(200);
    /** Pause after a failed poll (a broker away): the next one would fail at once too. */
    private static final long FAILED_POLL_PAUSE_MS = 500;

    private final Vertx vertx;
    private final String name;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Admin admin;
    private final List<Waiter> waiters = new ArrayList<>();
    private Handler<KafkaConsumerRecord<String, byte[]>> handler;
    private Set<TopicPartition> partitions = Set.of();
    private boolean stopped;

    /** Someone waiting until the positions reach these offsets; {@code timer} fails it when it is due. */
    private record Waiter(Map<TopicPartition, Long> offsets, long timer, Promise<Void> reached) {
    }

    /** @param name what the reader is, for its log lines and failures */
    public PartitionReader(Vertx vertx, KafkaSettings kafka, String clientId, String name) {
        this.vertx = vertx;
        this.name = name;
        this.consumer = KafkaConsumer.create(vertx, kafka.consumer(null, clientId, "earliest"),
                new StringDeserializer(), new ByteArrayDeserializer());
        this.admin = Admin.create(kafka.admin());
    }

    /** Assigns every partition of the topics; fails if Kafka reports none for one of them. */
    public Future<Void> assign(List<String> topics) {
        return Future.all(topics.stream().map(consumer::partitionsFor).toList()).compose(all -> {
            Set<TopicPartition> tps = new HashSet<>();
            for (int t = 0; t < topics.size(); t++) {
                List<io.vertx.kafka.client.common.PartitionInfo> parts = all.resultAt(t);
                if (parts.isEmpty()) {
                    // assigning nothing would leave the consumer polling no topic in a tight loop
                    return Future.failedFuture(new IllegalStateException("Kafka reports no partitions for "
                            + topics.get(t)));
                }
                String topic = topics.get(t);
                parts.forEach(i -> tps.add(new TopicPartition(topic, i.getPartition())));
            }
            partitions = Set.copyOf(tps);
            // no group, so no committed offsets: "earliest" starts each partition at its beginning
            return consumer.assign(tps);
        });
    }

    /**
     * The ends of the assigned partitions as a committed reader sees them: their last stable offsets,
     * which stop at the oldest transaction still open.
     */
    public Future<Map<TopicPartition, Long>> committedEnds() {
        return consumer.endOffsets(partitions);
    }

    /**
     * The ends of everything written to the assigned partitions so far, committed or not: their high
     * watermarks. A committed reader's position passes one only once every transaction below it is
     * decided (committed, aborted, or aborted by its coordinator when it times out).
     */
    public Future<Map<TopicPartition, Long>> writtenEnds() {
        Map<org.apache.kafka.common.TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(tp -> latest.put(new org.apache.kafka.common.TopicPartition(tp.getTopic(),
                tp.getPartition()), OffsetSpec.latest()));
        // the admin client's default isolation is read_uncommitted: "latest" is the high watermark
        return Future.fromCompletionStage(admin.listOffsets(latest).all().toCompletionStage(),
                vertx.getOrCreateContext()).map(offsets -> {
                    Map<TopicPartition, Long> ends = new HashMap<>();
                    offsets.forEach((tp, info) -> ends.put(new TopicPartition(tp.topic(), tp.partition()),
                            info.offset()));
                    return ends;
                });
    }

    /** Starts handing every record to {@code handler}, in offset order per partition. */
    public void start(Handler<KafkaConsumerRecord<String, byte[]>> handler) {
        this.handler = handler;
        pollNext();
    }

    /**
     * Completes once the reader's position in every given partition is at least its offset, that is
     * once everything below those offsets has been handed over; fails after {@code timeoutMs}.
     */
    public Future<Void> reached(Map<TopicPartition, Long> offsets, long timeoutMs) {
        Promise<Void> reached = Promise.promise();
        if (stopped) {
            reached.fail(name + " is stopped");
            return reached.future();
        }
        Map<TopicPartition, Long> targets = Map.copyOf(offsets);
        // a timer of its own: the poll loop may be held up (a position waiting for a broker)
        long timer = vertx.setTimer(timeoutMs, t -> {
            if (waiters.removeIf(w -> w.reached() == reached)) {
                reached.fail(new TimeoutException(name + " did not reach the offsets " + targets + " within "
                        + timeoutMs + " ms"));
            }
        });
        waiters.add(new Waiter(targets, timer, reached));
        return reached.future();
    }

    /** Hands nothing further over from now on (a poll in flight is dropped). */
    public void stop() {
        stopped = true;
        List<Waiter> left = List.copyOf(waiters);
        waiters.clear();
        left.forEach(w -> {
            vertx.cancelTimer(w.timer());
            w.reached().tryFail(name + " is stopped");
        });
    }

    public Future<Void> close() {
        stop();
        admin.close(Duration.ZERO);
        return consumer.close();
    }

    private void pollNext() {
        if (stopped) {
            return;
        }
        consumer.poll(POLL).onComplete(ar -> {
            if (stopped) {
                return;
            }
            if (ar.succeeded()) {
                try {
                    hand(ar.result());
                } finally {
                    answerWaiters().onComplete(v -> pollNext());
                }
            } else {
                LOG.warn("{}: {}", name, ar.cause().toString());
                vertx.setTimer(FAILED_POLL_PAUSE_MS, t -> answerWaiters().onComplete(v -> pollNext()));
            }
        });
    }

    private void hand(KafkaConsumerRecords<String, byte[]> records) {
        for (int i = 0; i < records.size(); i++) {
            KafkaConsumerRecord<String, byte[]> r = records.recordAt(i);
            try {
                handler.handle(r);
            } catch (RuntimeException e) {
                // one bad record must not end the reading of every later one
                LOG.warn("{}: record {}-{}@{} not handled: {}", name, r.topic(), r.partition(), r.offset(),
                        e.toString());
            }
        }
    }

    /** Completes the waiters whose offsets the positions have reached. */
    private Future<Void> answerWaiters() {
        if (waiters.isEmpty() || stopped) {
            return Future.succeededFuture();
        }
        Map<TopicPartition, Future<Long>> positions = new HashMap<>();
        waiters.forEach(w -> w.offsets().keySet().forEach(tp -> positions.computeIfAbsent(tp, consumer::position)));
        return Future.join(new ArrayList<>(positions.values())).transform(done -> {
            List<Waiter> answered = waiters.stream().filter(w -> reached(w.offsets(), positions)).toList();
            // removed first: a listener may ask again at once
            waiters.removeAll(answered);
            answered.forEach(w -> {
                vertx.cancelTimer(w.timer());
                w.reached().tryComplete();
            });
            return Future.succeededFuture();
        });
    }

    private static boolean reached(Map<TopicPartition, Long> offsets, Map<TopicPartition, Future<Long>> positions) {
        for (Map.Entry<TopicPartition, Long> o : offsets.entrySet()) {
            Future<Long> at = positions.get(o.getKey());
            if (at == null || at.failed() || at.result() < o.getValue()) {
                return false;
            }
        }
        return true;
    }
}
