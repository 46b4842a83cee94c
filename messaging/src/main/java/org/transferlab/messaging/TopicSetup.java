package org.transferlab.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.transferlab.protocol.Topics;

/**
 * Creates the topics with the Admin client. Whichever role starts first creates them; the
 * others find them there ({@link TopicExistsException} is the normal case, not an error).
 * Returns once the brokers describe every topic with a leader for each partition: a topic the
 * controller has created can be missing from a broker's metadata for a moment, and a consumer that
 * asked for its partitions then would be assigned none.
 */
public final class TopicSetup {
    private static final Logger LOG = LoggerFactory.getLogger(TopicSetup.class);
    /** Largest record accepted on our topics (a result with long curves can be a few MiB). */
    public static final int MAX_MESSAGE_BYTES = 8 * 1024 * 1024;
    /**
     * One partition: the workers' share group gives a partition to every member only when there are at
     * least as many members as partitions, and a job is taken only by members its partition is given
     * to; with one partition every idle worker can take every job. (Jobs are few and long, so one
     * partition is no throughput limit.) The partitions queue, where a worker owns whole partitions,
     * wants at least as many partitions as workers: create the topic with more for it.
     */
    public static final int DEFAULT_JOB_PARTITIONS = 1;

    static final long EVENT_SEGMENT_MS = 3_600_000;

    private TopicSetup() {
    }

    /**
     * Blocking: call from a worker thread. {@code transfer.jobs} gets {@code jobPartitions}
     * partitions (the unit of parallelism of the worker group); events and results get as many,
     * the DLQ one. Replication factor follows the broker default.
     */
    public static void ensure(KafkaSettings kafka, int jobPartitions) {
        try (Admin admin = Admin.create(kafka.admin())) {
            ensure(admin, jobPartitions);
        }
    }

    public static void ensure(Admin admin, int jobPartitions) {
        String maxBytes = String.valueOf(MAX_MESSAGE_BYTES);
        List<NewTopic> topics = new ArrayList<>();
        topics.add(new NewTopic(Topics.JOBS, java.util.Optional.of(jobPartitions), java.util.Optional.empty())
                .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, maxBytes)));
        // compacted: each job's latest event is its durable state, which a restarted gateway replays;
        // hourly segments, so that compaction (which never touches the open segment) keeps up
        topics.add(new NewTopic(Topics.EVENTS, java.util.Optional.of(jobPartitions), java.util.Optional.empty())
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                        TopicConfig.SEGMENT_MS_CONFIG, String.valueOf(EVENT_SEGMENT_MS),
                        TopicConfig.MAX_MESSAGE_BYTES_CONFIG, maxBytes)));
        topics.add(new NewTopic(Topics.RESULTS, java.util.Optional.of(jobPartitions), java.util.Optional.empty())
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                        TopicConfig.MAX_MESSAGE_BYTES_CONFIG, maxBytes)));
        topics.add(new NewTopic(Topics.SWEEPS, java.util.Optional.of(1), java.util.Optional.empty())
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                        TopicConfig.MAX_MESSAGE_BYTES_CONFIG, maxBytes)));
        topics.add(new NewTopic(Topics.OWNERS, java.util.Optional.of(1), java.util.Optional.empty())
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
        topics.add(new NewTopic(Topics.DLQ, java.util.Optional.of(1), java.util.Optional.empty())
                .configs(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, maxBytes)));
        var result = admin.createTopics(topics);
        for (var e : result.values().entrySet()) {
            try {
                e.getValue().get(30, TimeUnit.SECONDS);
                LOG.info("created topic {}", e.getKey());
            } catch (ExecutionException ex) {
                if (!(ex.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create topic " + e.getKey() + ": " + ex.getCause(), ex);
                }
            } catch (TimeoutException ex) {
                throw new IllegalStateException("timed out creating topic " + e.getKey(), ex);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted creating topics", ex);
            }
        }
        awaitLeaders(admin, topics.stream().map(NewTopic::name).toList());
    }

    private static void awaitLeaders(Admin admin, List<String> names) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try {
            while (true) {
                try {
                    Map<String, TopicDescription> found = admin.describeTopics(names).allTopicNames()
                            .get(10, TimeUnit.SECONDS);
                    if (found.values().stream().allMatch(t -> !t.partitions().isEmpty()
                            && t.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()))) {
                        return;
                    }
                } catch (ExecutionException ex) {
                    if (!(ex.getCause() instanceof UnknownTopicOrPartitionException)) {
                        throw new IllegalStateException("cannot describe topics " + names + ": " + ex.getCause(), ex);
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("topics " + names + " have no leader 30 s after their creation");
                }
                Thread.sleep(50);
            }
        } catch (TimeoutException ex) {
            throw new IllegalStateException("timed out describing topics " + names, ex);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for topics", ex);
        }
    }
}
