package org.transferlab.standalone;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka (KRaft, broker and controller in one) inside this JVM, on free ports of
 * 127.0.0.1. Data lives in a temporary directory (deleted on close) or in a given one (kept, so a
 * later {@code serve --data-dir} finds its jobs again).
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);

    /**
     * How clients and the controller connect: in plain text with no identity (the default), or with a
     * security protocol such as {@code SASL_PLAINTEXT} on both listeners.
     *
     * @param protocol the listeners' security protocol, also the client listener's name
     * @param broker   broker settings added to the defaults (mechanisms, JAAS configs, authorizer)
     * @param client   client settings that let this class's own admin client in
     */
    public record Security(String protocol, Map<String, String> broker, Map<String, Object> client) {
        public static final Security NONE = new Security("PLAINTEXT", Map.of(), Map.of());
    }

    private final Path dataDir;
    private final boolean temporary;
    private final int brokerPort;
    private final Security security;
    private KafkaRaftServer server;

    private EmbeddedKafka(Path dataDir, boolean temporary, int brokerPort, Security security) {
        this.dataDir = dataDir;
        this.temporary = temporary;
        this.brokerPort = brokerPort;
        this.security = security;
    }

    /** Starts a broker with its data in a fresh temporary directory. */
    public static EmbeddedKafka start() {
        try {
            return start(Files.createTempDirectory("transferlab-kafka-"), true, 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @param dataDir   where the log lives (created if absent; formatted only on first use)
     * @param temporary delete the directory on close
     * @param port      broker port, 0 for any free port
     */
    public static EmbeddedKafka start(Path dataDir, boolean temporary, int port) {
        return start(dataDir, temporary, port, Security.NONE);
    }

    /** As {@link #start(Path, boolean, int)}, with listeners secured as {@code security} says. */
    public static EmbeddedKafka start(Path dataDir, boolean temporary, int port, Security security) {
        int brokerPort = port > 0 ? port : freePort();
        EmbeddedKafka k = new EmbeddedKafka(dataDir.toAbsolutePath(), temporary, brokerPort, security);
        k.run();
        return k;
    }

    public String bootstrap() {
        return "127.0.0.1:" + brokerPort;
    }

    public Path dataDir() {
        return dataDir;
    }

    private void run() {
        long t0 = System.nanoTime();
        int controllerPort = freePort();
        while (controllerPort == brokerPort) { // the OS may hand the broker's just-released port out again
            controllerPort = freePort();
        }
        Path logDir = dataDir.resolve("kraft-logs");
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        String listener = security.protocol();
        p.put("listeners", listener + "://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", listener + "://127.0.0.1:" + brokerPort);
        p.put("listener.security.protocol.map", listener + ":" + listener + ",CONTROLLER:" + listener);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", listener);
        p.put("log.dirs", logDir.toString());
        p.put("num.partitions", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "4");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "false");
        p.put("message.max.bytes", String.valueOf(org.transferlab.messaging.TopicSetup.MAX_MESSAGE_BYTES));
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
        p.put("log.cleaner.threads", "1");
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("background.threads", "2");
        p.putAll(security.broker());
        try {
            Files.createDirectories(logDir);
            if (!Files.exists(logDir.resolve("meta.properties"))) {
                Path cfg = dataDir.resolve("server.properties");
                try (var out = Files.newOutputStream(cfg)) {
                    p.store(out, "TransferLab embedded Kafka");
                }
                ByteArrayOutputStream buf = new ByteArrayOutputStream();
                int rc = StorageTool.execute(new String[]{"format", "-t", Uuid.randomUuid().toString(),
                        "-c", cfg.toString()},
                        new PrintStream(buf, true, StandardCharsets.UTF_8));
                if (rc != 0) {
                    throw new IllegalStateException("kafka storage format failed: " + buf);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server = new KafkaRaftServer(new KafkaConfig(p, false), Time.SYSTEM);
        server.startup();
        awaitReady(Duration.ofSeconds(60));
        LOG.info("embedded Kafka ready on {} in {} ms (data in {})", bootstrap(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), dataDir);
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Object> config = new java.util.HashMap<>(security.client());
        config.putAll(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000));
        try (Admin admin = Admin.create(config)) {
            while (true) {
                try {
                    if (!admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception e) {
                    if (e instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted waiting for Kafka", e);
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("embedded Kafka not ready after " + timeout);
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted waiting for Kafka", e);
                }
            }
        }
    }

    @Override
    public void close() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
        if (temporary) {
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException e) {
                LOG.debug("could not delete {}: {}", dataDir, e.toString());
            }
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
