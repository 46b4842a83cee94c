package org.transferlab.worker;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.kafka.client.common.TopicPartition;
import io.vertx.kafka.client.consumer.KafkaConsumer;
import io.vertx.kafka.client.consumer.KafkaConsumerRecord;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.transferlab.messaging.KafkaSettings;
import org.transferlab.messaging.Records;
import org.transferlab.protocol.CloudEvents;
import org.transferlab.protocol.Topics;

/**
 * A group-less consumer of the tail of {@code transfer.jobs} that reacts to cancel commands only.
 * Every worker runs one, so a cancel reaches the job wherever it runs, whichever consumer delivers
 * the cancel record itself; it also remembers recent cancels, so that a submission delivered after
 * its cancel (a cancel written later on the same partition) is refused instead of computed.
 */
final class CancelWatcher {
    private static final Logger LOG = LoggerFactory.getLogger(CancelWatcher.class);
    private static final int MAX_REMEMBERED_CANCELS = 10_000;
    /** Longest record that may be a bare cancel envelope without a type header. */
    private static final int MAX_UNTYPED_CANCEL_BYTES = 4096;

    /** Cancels seen: job id -> (partition, offset) of the cancel record; the oldest are forgotten. */
    private final LinkedHashMap<String, long[]> cancels = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, long[]> eldest) {
            return size() > MAX_REMEMBERED_CANCELS;
        }
    };
    private final Consumer<String> onCancel;
    private KafkaConsumer<String, byte[]> consumer;
    private boolean closing;

    /** @param onCancel called on the verticle's context with the id of each cancelled job */
    CancelWatcher(Consumer<String> onCancel) {
        this.onCancel = onCancel;
    }

    Future<Void> start(Vertx vertx, KafkaSettings kafka, String clientId) {
        consumer = KafkaConsumer.create(vertx, kafka.consumer(null, clientId, "latest"),
                new StringDeserializer(), new ByteArrayDeserializer());
        consumer.exceptionHandler(e -> {
            if (!closing) {
                LOG.warn("cancel watcher: {}", e.toString());
            }
        });
        consumer.handler(this::onRecord);
        return consumer.partitionsFor(Topics.JOBS).compose(infos -> {
            Set<TopicPartition> tps = new HashSet<>();
            infos.forEach(i -> tps.add(new TopicPartition(Topics.JOBS, i.getPartition())));
            return consumer.assign(tps).compose(v -> consumer.endOffsets(tps)).compose(ends -> {
                Future<Void> f = Future.succeededFuture();
                for (var e : ends.entrySet()) {
                    f = f.compose(v -> consumer.seek(e.getKey(), e.getValue()));
                }
                return f;
            });
        });
    }

    private void onRecord(KafkaConsumerRecord<String, byte[]> record) {
        String type = Records.header(record, CloudEvents.HEADER_TYPE);
        boolean maybeCancel = CloudEvents.TYPE_CANCEL.equals(type)
                || (type == null && record.value() != null && record.value().length < MAX_UNTYPED_CANCEL_BYTES);
        if (maybeCancel && IncomingJob.parse(record.value()) instanceof IncomingJob.Cancel c) {
            cancels.put(c.jobId(), new long[]{record.partition(), record.offset()});
            onCancel.accept(c.jobId());
        }
    }

    /** True if a user cancelled this job after submitting this record (same partition, later offset). */
    boolean cancelledAfter(JobRecord record, String jobId) {
        long[] cancel = cancels.get(jobId);
        return cancel != null && cancel[0] == record.partition() && cancel[1] > record.offset();
    }

    Future<Void> close() {
        closing = true;
        return consumer == null ? Future.succeededFuture() : consumer.close();
    }
}
