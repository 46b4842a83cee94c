package org.transferlab.standalone;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.transferlab.messaging.TopicSetup;

/**
 * A Kafka cluster of KRaft nodes (each broker and controller) in JVMs of their own on 127.0.0.1, as
 * on real hosts: every topic, internal ones included, at replication factor {@code nodes} with
 * {@code min.insync.replicas = nodes - 1}, so that a cluster of three keeps accepting writes with one
 * node down. A node can be SIGKILLed.
 */
final class KafkaCluster implements AutoCloseable {
    private final Path dir;
    private final List<Integer> brokerPorts;
    private final List<Process> nodes = new ArrayList<>();
    private final List<Path> logs = new ArrayList<>();

    private KafkaCluster(Path dir, List<Integer> brokerPorts) {
        this.dir = dir;
        this.brokerPorts = brokerPorts;
    }

    static KafkaCluster start(int size) throws Exception {
        Path dir = Files.createTempDirectory("transferlab-cluster-");
        List<Integer> brokerPorts = IntStream.range(0, size).mapToObj(i -> EmbeddedKafka.freePort()).toList();
        List<Integer> controllerPorts = IntStream.range(0, size).mapToObj(i -> EmbeddedKafka.freePort()).toList();
        String voters = IntStream.range(0, size).mapToObj(i -> (i + 1) + "@127.0.0.1:" + controllerPorts.get(i))
                .collect(Collectors.joining(","));
        String clusterId = Uuid.randomUuid().toString();
        KafkaCluster cluster = new KafkaCluster(dir, brokerPorts);
        for (int i = 0; i < size; i++) {
            Path cfg = cluster.configure(i, size, voters, controllerPorts.get(i));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int rc = StorageTool.execute(new String[]{"format", "-t", clusterId, "-c", cfg.toString()},
                    new PrintStream(out, true, StandardCharsets.UTF_8));
            if (rc != 0) {
                throw new IllegalStateException("formatting node " + (i + 1) + " failed: " + out);
            }
        }
        for (int i = 0; i < size; i++) {
            cluster.launch(i);
        }
        cluster.awaitNodes(size);
        return cluster;
    }

    private Path configure(int i, int size, String voters, int controllerPort) throws IOException {
        String rf = String.valueOf(size);
        String minIsr = String.valueOf(Math.max(1, size - 1));
        Properties p = new Properties();
        p.putAll(Map.ofEntries(
                Map.entry("process.roles", "broker,controller"),
                Map.entry("node.id", String.valueOf(i + 1)),
                Map.entry("controller.quorum.voters", voters),
                Map.entry("listeners", "PLAINTEXT://127.0.0.1:" + brokerPorts.get(i) + ",CONTROLLER://127.0.0.1:"
                        + controllerPort),
                Map.entry("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPorts.get(i)),
                Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
                Map.entry("controller.listener.names", "CONTROLLER"),
                Map.entry("inter.broker.listener.name", "PLAINTEXT"),
                Map.entry("log.dirs", dir.resolve("node-" + (i + 1)).toString()),
                Map.entry("default.replication.factor", rf),
                Map.entry("min.insync.replicas", minIsr),
                Map.entry("offsets.topic.replication.factor", rf),
                Map.entry("transaction.state.log.replication.factor", rf),
                Map.entry("transaction.state.log.min.isr", minIsr),
                Map.entry("share.coordinator.state.topic.replication.factor", rf),
                Map.entry("share.coordinator.state.topic.min.isr", minIsr),
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                Map.entry("auto.create.topics.enable", "false"),
                Map.entry("message.max.bytes", String.valueOf(TopicSetup.MAX_MESSAGE_BYTES)),
                Map.entry("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024)),
                Map.entry("num.network.threads", "2"),
                Map.entry("num.io.threads", "2"),
                Map.entry("background.threads", "2")));
        Path cfg = dir.resolve("node-" + (i + 1) + ".properties");
        try (var out = Files.newOutputStream(cfg)) {
            p.store(out, "TransferLab test cluster node " + (i + 1));
        }
        return cfg;
    }

    private void launch(int i) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = dir.resolve("node-" + (i + 1) + ".log");
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx512m", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"), "kafka.Kafka",
                dir.resolve("node-" + (i + 1) + ".properties").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        nodes.add(pb.start());
        logs.add(log);
    }

    private void awaitNodes(int size) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000))) {
            while (System.nanoTime() < deadline) {
                try {
                    if (admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size() == size) {
                        return;
                    }
                } catch (Exception e) {
                    // not up yet
                }
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("the cluster did not reach " + size + " nodes:\n" + output(0));
    }

    String bootstrap() {
        return brokerPorts.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
    }

    /** SIGKILL of node {@code index} (from 0): no controlled shutdown, no leadership handed over. */
    void kill(int index) throws InterruptedException {
        nodes.get(index).destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    String output(int index) {
        try {
            return Files.readString(logs.get(index));
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    @Override
    public void close() throws IOException {
        nodes.forEach(Process::destroyForcibly);
        for (Process p : nodes) {
            try {
                p.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
