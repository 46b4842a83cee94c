package org.transferlab.standalone;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.transferlab.gateway.GatewayOptions;
import org.transferlab.gateway.GatewayVerticle;
import org.transferlab.messaging.RecordSigner;
import org.transferlab.messaging.SigningKeys;
import org.transferlab.worker.WorkerOptions;
import org.transferlab.worker.WorkerVerticle;

/**
 * The roles this JVM runs: optionally an embedded Kafka broker, optionally a gateway, and any number
 * of workers, on one Vert.x instance. Closing it stops them in reverse order.
 */
public final class Stack implements AutoCloseable {
    private final Vertx vertx;
    private final EmbeddedKafka kafka;
    private final String bootstrap;
    private final RecordSigner signer;
    private GatewayVerticle gateway;
    private final List<WorkerVerticle> workers = new ArrayList<>();

    private Stack(Vertx vertx, EmbeddedKafka kafka, String bootstrap, RecordSigner signer) {
        this.vertx = vertx;
        this.kafka = kafka;
        this.bootstrap = bootstrap;
        this.signer = signer;
    }

    /**
     * Embedded broker (data in {@code dataDir}, or a temporary directory when null) and nothing else yet.
     * Results are signed with the configured keys, or else with a key kept in {@code dataDir} (so that
     * the results stored there stay trusted across restarts), or one made for this JVM.
     */
    public static Stack embedded(Path dataDir, int kafkaPort) {
        quietBrokerShutdown();
        EmbeddedKafka k = dataDir == null ? (kafkaPort > 0 ? EmbeddedKafka.start(tmp(), true, kafkaPort)
                : EmbeddedKafka.start()) : EmbeddedKafka.start(dataDir, false, kafkaPort);
        SigningKeys keys = dataDir == null ? SigningKeys.processDefault()
                : SigningKeys.forDataDir(k.dataDir(), System.getenv());
        return new Stack(Vertx.vertx(), k, k.bootstrap(), keys.signer());
    }

    /**
     * A combined-mode Kafka broker closes its controller-registration client twice when it shuts down,
     * and the second close logs a WARN from NetworkClient at every exit. With the broker in this JVM
     * the clients here only talk to it, so that logger's warnings carry nothing a user can act on.
     * slf4j-simple reads the level when a logger is first created: before any Kafka client exists.
     */
    private static void quietBrokerShutdown() {
        String key = "org.slf4j.simpleLogger.log.org.apache.kafka.clients.NetworkClient";
        if (System.getProperty(key) == null) {
            System.setProperty(key, "error");
        }
    }

    /** Roles against an existing Kafka cluster; those it creates sign with the configured keys or this JVM's. */
    public static Stack external(String bootstrap) {
        return new Stack(Vertx.vertx(), null, bootstrap, SigningKeys.processDefault().signer());
    }

    /** What the roles this stack creates sign their results and events with. */
    public RecordSigner signer() {
        return signer;
    }

    public Stack withGateway(int port) {
        return withGateway(GatewayOptions.of(bootstrap, port).withSigner(signer));
    }

    public Stack withGateway(GatewayOptions options) {
        GatewayVerticle g = new GatewayVerticle(options);
        await(vertx.deployVerticle(g));
        gateway = g;
        return this;
    }

    /**
     * A gateway and a worker in this JVM sharing one set of admission limits ({@code run}, {@code serve}):
     * the gateway refuses an oversized HTTP submission with 422, the worker one written straight to Kafka.
     */
    public Stack withLocalRoles(GatewayOptions gateway, int concurrency) {
        return withGateway(gateway.withSigner(signer))
                .withWorker(new WorkerVerticle(WorkerOptions.of(bootstrap).withConcurrency(concurrency)
                        .withLimits(gateway.limits()).withSigner(signer)));
    }

    public Stack withWorker(int concurrency) {
        return withWorker(new WorkerVerticle(WorkerOptions.of(bootstrap).withConcurrency(concurrency)
                .withSigner(signer)));
    }

    public Stack withWorker(WorkerVerticle worker) {
        await(vertx.deployVerticle(worker));
        workers.add(worker);
        return this;
    }

    public Vertx vertx() {
        return vertx;
    }

    public String bootstrap() {
        return bootstrap;
    }

    public GatewayVerticle gateway() {
        return gateway;
    }

    public List<WorkerVerticle> workers() {
        return List.copyOf(workers);
    }

    /** Base URL of this JVM's gateway, e.g. {@code http://127.0.0.1:8080}. */
    public String gatewayUrl() {
        if (gateway == null) {
            throw new IllegalStateException("no gateway in this stack");
        }
        return "http://127.0.0.1:" + gateway.port();
    }

    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            // shutting down anyway
        } finally {
            if (kafka != null) {
                kafka.close();
            }
        }
    }

    static <T> T await(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause();
            throw c instanceof RuntimeException r ? r : new IllegalStateException(c);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path tmp() {
        try {
            return java.nio.file.Files.createTempDirectory("transferlab-kafka-");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
