package org.transferlab.messaging;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Client settings every role uses against one Kafka cluster. Producers are idempotent with
 * {@code acks=all}; consumers commit by hand; values are raw JSON bytes, keys are job ids.
 *
 * @param bootstrap Kafka bootstrap servers, e.g. {@code 127.0.0.1:9092}
 */
public record KafkaSettings(String bootstrap) {

    public KafkaSettings {
        if (bootstrap == null || bootstrap.isBlank()) {
            throw new IllegalArgumentException("Kafka bootstrap servers are required (HOST:PORT)");
        }
    }

    public Map<String, String> producer(String clientId) {
        Map<String, String> c = new HashMap<>();
        c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        // no batching delay: a job's events and result are a few sequential sends, each on the path a
        // client waits on, and their volume is far too small for batching to matter
        c.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        c.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        // results carry curves: allow up to 8 MiB per record (topics are created with the same limit)
        c.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(TopicSetup.MAX_MESSAGE_BYTES));
        return c;
    }

    /**
     * @param groupId consumer group, or null for a consumer that only uses {@code assign()}
     */
    public Map<String, String> consumer(String groupId, String clientId, String autoOffsetReset) {
        Map<String, String> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        if (groupId != null) {
            c.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        }
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, autoOffsetReset);
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(TopicSetup.MAX_MESSAGE_BYTES));
        return c;
    }

    public Map<String, Object> admin() {
        Map<String, Object> c = new HashMap<>();
        c.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        c.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        return c;
    }
}
