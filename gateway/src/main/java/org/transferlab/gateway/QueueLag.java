package org.transferlab.gateway;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.ListShareGroupOffsetsSpec;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/**
 * How many records of {@code transfer.jobs} the workers have not finished yet, per partition. Workers in
 * the share group acknowledge a job only after its result is stored, and the share coordinator counts
 * the records not yet acknowledged; workers in the partitions queue commit the offset after the result,
 * and their lag is the log end offset minus the committed offset (or minus the log start when nothing
 * is committed there). Either way the lag counts queued jobs plus the ones being computed.
 */
final class QueueLag {
    private QueueLag() {
    }

    /**
     * Blocking (Admin calls): run on a worker thread.
     *
     * @return partition -> lag of {@code topic} for {@code group}
     * @throws IllegalStateException when Kafka does not answer within {@code timeoutMs} per call
     */
    static Map<Integer, Long> read(Admin admin, String topic, String shareGroup, String group, long timeoutMs) {
        try {
            List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames()
                    .get(timeoutMs, TimeUnit.MILLISECONDS).get(topic).partitions().stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<TopicPartition, Long> ends = offsets(admin, partitions, OffsetSpec.latest(), timeoutMs);
            Map<TopicPartition, Long> starts = offsets(admin, partitions, OffsetSpec.earliest(), timeoutMs);
            Map<TopicPartition, OffsetAndMetadata> committed = committed(admin, group, timeoutMs);
            Map<TopicPartition, Long> shared = unacknowledged(admin, shareGroup, timeoutMs);
            Map<Integer, Long> lag = new HashMap<>();
            for (TopicPartition tp : partitions) {
                if (shared.containsKey(tp)) {
                    lag.put(tp.partition(), shared.get(tp));
                    continue;
                }
                long start = starts.getOrDefault(tp, 0L);
                OffsetAndMetadata c = committed.get(tp);
                // a committed offset below the log start (records deleted by retention) counts from the start
                long consumed = c == null ? start : Math.max(c.offset(), start);
                lag.put(tp.partition(), Math.max(0L, ends.getOrDefault(tp, start) - consumed));
            }
            return lag;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the lag of group " + group + " on " + topic + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted reading the lag of " + group, e);
        }
    }

    private static Map<TopicPartition, Long> offsets(Admin admin, List<TopicPartition> partitions, OffsetSpec spec,
                                                     long timeoutMs)
            throws ExecutionException, InterruptedException, TimeoutException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(tp -> request.put(tp, spec));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> info = admin.listOffsets(request).all()
                .get(timeoutMs, TimeUnit.MILLISECONDS);
        Map<TopicPartition, Long> out = new HashMap<>();
        info.forEach((tp, i) -> out.put(tp, i.offset()));
        return out;
    }

    /** Records of each partition the share group has not acknowledged; empty when the group has none yet. */
    private static Map<TopicPartition, Long> unacknowledged(Admin admin, String group, long timeoutMs)
            throws ExecutionException, InterruptedException, TimeoutException {
        try {
            Map<TopicPartition, Long> out = new HashMap<>();
            admin.listShareGroupOffsets(Map.of(group, new ListShareGroupOffsetsSpec())).partitionsToOffsetInfo(group)
                    .get(timeoutMs, TimeUnit.MILLISECONDS).forEach((tp, info) -> {
                        if (info != null && info.lag().isPresent()) {
                            out.put(tp, info.lag().get());
                        }
                    });
            return out;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return Map.of();
            }
            throw e;
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> committed(Admin admin, String group, long timeoutMs)
            throws ExecutionException, InterruptedException, TimeoutException {
        try {
            Map<TopicPartition, OffsetAndMetadata> m = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(timeoutMs, TimeUnit.MILLISECONDS);
            Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
            m.forEach((tp, o) -> {
                if (o != null) { // null: the group has no offset for this partition
                    out.put(tp, o);
                }
            });
            return out;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return Map.of(); // no worker has joined yet: every record is lag
            }
            throw e;
        }
    }
}
