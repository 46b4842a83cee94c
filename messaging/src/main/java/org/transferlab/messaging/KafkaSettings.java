package org.transferlab.messaging;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Client settings every role uses against one Kafka cluster. Producers are idempotent with
 * {@code acks=all}; consumers commit by hand; values are raw JSON bytes, keys are job ids.
 *
 * <p>On a cluster that requires authentication, the file named by {@value #ENV_CLIENT_CONFIG} (or the
 * system property {@value #PROPERTY_CLIENT_CONFIG}) holds the client properties every client of this
 * process adds, e.g. {@code security.protocol}, {@code sasl.mechanism} and {@code sasl.jaas.config}
 * (docs/security.md); the settings above stay as they are.
 *
 * @param bootstrap Kafka bootstrap servers, e.g. {@code 127.0.0.1:9092}
 */
public record KafkaSettings(String bootstrap) {
    public static final String ENV_CLIENT_CONFIG = "TRANSFERLAB_KAFKA_CONFIG";
    public static final String PROPERTY_CLIENT_CONFIG = "transferlab.kafka.config";

    public KafkaSettings {
        if (bootstrap == null || bootstrap.isBlank()) {
            throw new IllegalArgumentException("Kafka bootstrap servers are required (HOST:PORT)");
        }
    }

    public Map<String, String> producer(String clientId) {
        Map<String, String> c = clientConfig();
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
     * A producer of transactions under {@code transactionalId}. A later producer with the same id
     * fences this one: its open transaction is aborted and its commit fails. A transaction open
     * longer than {@code timeout} is aborted by its coordinator.
     */
    public Map<String, String> transactionalProducer(String clientId, String transactionalId, Duration timeout) {
        Map<String, String> c = producer(clientId);
        c.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        c.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, String.valueOf(timeout.toMillis()));
        return c;
    }

    /**
     * @param groupId consumer group, or null for a consumer that only uses {@code assign()}
     */
    public Map<String, String> consumer(String groupId, String clientId, String autoOffsetReset) {
        Map<String, String> c = clientConfig();
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
        Map<String, Object> c = new HashMap<>(clientConfig());
        c.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        c.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        return c;
    }

    /** The properties of the client-config file, if one is named (read for every client: a few lines). */
    private static Map<String, String> clientConfig() {
        String file = System.getProperty(PROPERTY_CLIENT_CONFIG, System.getenv(ENV_CLIENT_CONFIG));
        Map<String, String> c = new HashMap<>();
        if (file == null || file.isBlank()) {
            return c;
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Kafka client config " + file + ": " + e.getMessage(), e);
        }
        p.stringPropertyNames().forEach(k -> c.put(k, p.getProperty(k)));
        return c;
    }
}
